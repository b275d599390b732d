#include "api/status.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace galley::api {
namespace {

TEST(ToStatus, CarriesFieldViolationsAsBadRequestDetails) {
  domain::FieldViolations violations;
  violations.Add("publication.display_name", "is required");
  violations.Add("publication.time_zone", "must be an IANA time zone such as Asia/Shanghai");
  grpc::Status status;
  try {
    violations.ThrowIfAny();
  } catch (const domain::Error& error) {
    status = ToStatus(error);
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad_request;
  bool has_info = false;
  bool has_bad_request = false;
  for (const auto& any : details.details()) {
    has_info = has_info || any.UnpackTo(&info);
    has_bad_request = has_bad_request || any.UnpackTo(&bad_request);
  }
  ASSERT_TRUE(has_info);
  ASSERT_TRUE(has_bad_request);
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(1).field(), "publication.time_zone");
}

// 100 000 bad elements must not make a trailer of 100 000 violations.
TEST(ToStatus, CarriesTheFirstHundredViolationsAndCountsTheRest) {
  domain::FieldViolations violations;
  for (int i = 0; i < 100000; ++i) violations.Add("article.tags[" + std::to_string(i) + "]", "is empty");
  try {
    violations.ThrowIfAny();
    FAIL() << "no error";
  } catch (const domain::Error& error) {
    ASSERT_EQ(error.field_violations().size(), domain::FieldViolations::kMaxFieldViolations);
    EXPECT_EQ(error.field_violations().back().field, "article.tags[99]");
    EXPECT_EQ(std::string(error.what()), "article.tags[0]: is empty (and 99999 more)");
    EXPECT_LT(ToStatus(error).error_details().size(), 8192u);
  }
}

TEST(ToStatus, MapsEveryDomainCodeToItsCanonicalCode) {
  using domain::ErrorCode;
  EXPECT_EQ(ToStatusCode(ErrorCode::kNotFound), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToStatusCode(ErrorCode::kAlreadyExists), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ToStatusCode(ErrorCode::kAborted), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ToStatusCode(ErrorCode::kFailedPrecondition), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToStatusCode(ErrorCode::kUnavailable), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToStatusCode(ErrorCode::kDeadlineExceeded), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(ToStatusCode(ErrorCode::kInternal), grpc::StatusCode::INTERNAL);
}

TEST(Handle, HidesUnexpectedExceptionDetailFromTheClient) {
  const auto status = Handle("Test", [] { throw std::runtime_error("SELECT secret FROM somewhere"); });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message().find("SELECT"), std::string::npos);
}

}  // namespace
}  // namespace galley::api
