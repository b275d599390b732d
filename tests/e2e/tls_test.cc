// `galley serve` over TLS and mutual TLS as operators configure it: the real
// binary, a throwaway CA and certificates made with the openssl tool for each
// test, and real gRPC clients, the `galley` client commands among them.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "e2e_client.h"
#include "galley_process.h"
#include "support/temp_dir.h"
#include "support/bearer_token.h"
#include "support/test_database.h"

namespace galley::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A CA, a server certificate for 127.0.0.1 and localhost and a client
// certificate signed by it, and a stranger: a client certificate signed by
// another CA. EC keys, because RSA key generation would dominate the test.
class Certificates {
 public:
  explicit Certificates(const std::string& dir) : dir_(dir) {
    MakeCa("ca", "Galley Test CA");
    MakeLeaf("server", "ca", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    MakeLeaf("client", "ca", "newsroom-tool", "extendedKeyUsage=clientAuth\n");
    MakeCa("other-ca", "Other Test CA");
    MakeLeaf("stranger", "other-ca", "stranger", "extendedKeyUsage=clientAuth\n");
  }

  std::string Path(const std::string& file) const { return dir_ + "/" + file; }
  std::string Pem(const std::string& file) const { return ReadFile(Path(file)); }

 private:
  void Openssl(const std::string& arguments) {
    const std::string command = "openssl " + arguments + " </dev/null 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr) << command;
    std::string output;
    char buffer[512];
    while (const std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    ASSERT_EQ(pclose(pipe), 0) << command << "\n" << output;
  }

  void MakeCa(const std::string& name, const std::string& common_name) {
    Openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=" + common_name +
            "' -keyout " + Path(name + ".key") + " -out " + Path(name + ".pem"));
  }

  void MakeLeaf(const std::string& name, const std::string& ca, const std::string& common_name,
                const std::string& extensions) {
    std::ofstream(Path(name + ".ext")) << extensions;
    Openssl("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj '/CN=" + common_name + "' -keyout " +
            Path(name + ".key") + " -out " + Path(name + ".csr"));
    Openssl("x509 -req -days 2 -set_serial " + std::to_string(++serial_) + " -in " + Path(name + ".csr") + " -CA " +
            Path(ca + ".pem") + " -CAkey " + Path(ca + ".key") + " -extfile " + Path(name + ".ext") + " -out " +
            Path(name + ".pem"));
  }

  std::string dir_;
  int serial_ = 1;
};

// Each channel gets its own connection: a refused handshake on one must not
// leave a shared subchannel in backoff for the next.
std::shared_ptr<grpc::Channel> NewChannel(const std::string& address,
                                          const std::shared_ptr<grpc::ChannelCredentials>& credentials,
                                          const std::string& token = "") {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, credentials, arguments,
                                                                 BearerToken(token));
}

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const std::string& ca_pem,
                                          const std::string& cert_pem = "", const std::string& key_pem = "",
                                          const std::string& token = "") {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ca_pem;
  ssl.pem_cert_chain = cert_pem;
  ssl.pem_private_key = key_pem;
  return NewChannel(address, grpc::SslCredentials(ssl), token);
}

// The health check's status: refused handshakes are UNAVAILABLE at once,
// well inside the deadline that bounds the call.
grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel, std::string* serving = nullptr) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, {}, &response);
  if (serving != nullptr) *serving = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
  return status;
}

class TlsTest : public ::testing::Test {
 protected:
  std::unique_ptr<GalleyProcess> StartServe(const std::vector<std::string>& extra,
                                            const std::vector<std::string>& env = {},
                                            const std::string& listen = "127.0.0.1:0") {
    std::vector<std::string> args{"serve", "--database-url", database_.url(), "--listen", listen};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = std::make_unique<GalleyProcess>(args, env);
    address_ = process->WaitForAddress();
    return process;
  }

  std::vector<std::string> ServerTls() const {
    return {"--tls-cert", certificates_.Path("server.pem"), "--tls-key", certificates_.Path("server.key")};
  }

  RunResult GalleyHealth(std::vector<std::string> extra) const {
    extra.insert(extra.begin(), {"health", "--server=" + address_, "--timeout=5"});
    return RunGalley(extra, {}, std::chrono::seconds(30));
  }

  TestDatabase database_;
  TempDir dir_;
  Certificates certificates_{dir_.path()};
  std::string address_;
};

TEST_F(TlsTest, ServesTlsToClientsThatTrustItsCaAndRefusesPlaintext) {
  auto server = StartServe(ServerTls());
  ASSERT_FALSE(address_.empty());
  EXPECT_NE(server->Log().find(", TLS,"), std::string::npos) << server->Log();

  auto trusting =
      TlsChannel(address_, certificates_.Pem("ca.pem"), "", "", CreateToken(database_.url(), "tls-admin", "admin"));
  std::string serving;
  const grpc::Status health = CheckHealth(trusting, &serving);
  ASSERT_TRUE(health.ok()) << health.error_message();
  EXPECT_EQ(serving, "SERVING");
  v1::Publication fetched;
  ASSERT_TRUE(CreatePublication(trusting, "gannan-daily", "赣南日报").ok());
  ASSERT_TRUE(GetPublication(trusting, "publications/gannan-daily", &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "赣南日报");

  EXPECT_EQ(CheckHealth(NewChannel(address_, grpc::InsecureChannelCredentials())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // TLS alone is not enough: the client must trust the server's CA.
  EXPECT_EQ(CheckHealth(TlsChannel(address_, certificates_.Pem("other-ca.pem"))).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  const auto cli = GalleyHealth({"--tls-ca", certificates_.Path("ca.pem")});
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_EQ(cli.output, "SERVING\n");
  const auto plaintext_cli = GalleyHealth({});
  EXPECT_EQ(plaintext_cli.exit_code, 3) << plaintext_cli.output;
  // The refused clients did not hurt the server.
  EXPECT_TRUE(CheckHealth(TlsChannel(address_, certificates_.Pem("ca.pem"))).ok());
  EXPECT_TRUE(server->running());
}

TEST_F(TlsTest, AHealthPortAnswersPlaintextProbesOfATlsServerAndServesNothingElse) {
  // What Kubernetes' grpc probes need: they cannot speak TLS.
  auto extra = ServerTls();
  extra.insert(extra.end(), {"--health-listen", "127.0.0.1:0"});
  auto server = StartServe(extra);
  ASSERT_FALSE(address_.empty());
  const int port = server->WaitForPortOf("health checks");
  ASSERT_GT(port, 0);
  const auto probe = ChannelTo("127.0.0.1:" + std::to_string(port));
  // The port is logged as soon as it listens, before the server has set its
  // statuses there: until then galley.liveness is SERVICE_UNKNOWN.
  EXPECT_TRUE(WaitForHealth(probe, "SERVING", std::chrono::seconds(10), "galley.liveness"))
      << HealthOf(probe, "galley.liveness");
  EXPECT_EQ(HealthOf(probe), "SERVING");
  EXPECT_EQ(HealthOf(probe, "no.such.service"), "SERVICE_UNKNOWN");
  // The API is not there, with a token or without.
  const auto token = CreateToken(database_.url(), "tls-admin", "admin");
  EXPECT_EQ(GetPublication(ChannelTo("127.0.0.1:" + std::to_string(port), token), "publications/gannan-daily")
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // The serving port still requires TLS.
  EXPECT_EQ(HealthOf(ChannelTo(address_)), "UNREACHABLE");

  // The extra port does not hold up a graceful shutdown.
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(std::chrono::seconds(20)), 0) << server->Log();
}

TEST_F(TlsTest, WithAClientCaOnlyClientsWithACertificateItSignedGetIn) {
  // From the environment this time, as a container would configure it.
  auto server = StartServe({}, {"GALLEY_TLS_CERT=" + certificates_.Path("server.pem"),
                                "GALLEY_TLS_KEY=" + certificates_.Path("server.key"),
                                "GALLEY_TLS_CLIENT_CA=" + certificates_.Path("ca.pem")});
  ASSERT_FALSE(address_.empty());
  EXPECT_NE(server->Log().find("TLS with client certificates"), std::string::npos) << server->Log();
  const std::string ca = certificates_.Pem("ca.pem");

  EXPECT_EQ(CheckHealth(TlsChannel(address_, ca)).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(CheckHealth(TlsChannel(address_, ca, certificates_.Pem("stranger.pem"), certificates_.Pem("stranger.key")))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  std::string serving;
  const grpc::Status admitted =
      CheckHealth(TlsChannel(address_, ca, certificates_.Pem("client.pem"), certificates_.Pem("client.key")), &serving);
  ASSERT_TRUE(admitted.ok()) << admitted.error_message();
  EXPECT_EQ(serving, "SERVING");

  const auto without_certificate = GalleyHealth({"--tls-ca", certificates_.Path("ca.pem")});
  EXPECT_EQ(without_certificate.exit_code, 3) << without_certificate.output;
  const auto with_certificate = GalleyHealth({"--tls-ca", certificates_.Path("ca.pem"), "--tls-cert",
                                              certificates_.Path("client.pem"), "--tls-key",
                                              certificates_.Path("client.key")});
  EXPECT_EQ(with_certificate.exit_code, 0) << with_certificate.output;
  EXPECT_EQ(with_certificate.output, "SERVING\n");
}

TEST_F(TlsTest, HalfAKeyPairOrABadFileIsAUsageErrorNamingTheFlag) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::string url = "--database-url=" + database_.url();
  const std::string cert = certificates_.Path("server.pem");
  const std::string key = certificates_.Path("server.key");
  const std::string missing = dir_.path() + "/missing.pem";
  const std::vector<Case> cases{
      {{"serve", url, "--tls-cert", cert}, "--tls-cert needs --tls-key"},
      {{"serve", url, "--tls-key", key}, "--tls-key needs --tls-cert"},
      {{"serve", url, "--tls-cert", missing, "--tls-key", key}, "--tls-cert: cannot read"},
      {{"serve", url, "--tls-cert", cert, "--tls-key", dir_.path()}, "--tls-key"},
      {{"serve", url, "--tls-cert", key, "--tls-key", key}, "--tls-cert"},
      {{"serve", url, "--tls-cert", cert, "--tls-key", certificates_.Path("client.key")},
       "is not the private key of the certificate in --tls-cert"},
      {{"serve", url, "--tls-client-ca", certificates_.Path("ca.pem")}, "--tls-client-ca needs --tls-cert"},
      {{"serve", url, "--tls-cert", cert, "--tls-key", key, "--tls-client-ca", missing}, "--tls-client-ca"},
      {{"dev", url, "--data-dir", dir_.path() + "/dev", "--tls-key", key}, "--tls-key needs --tls-cert"},
      {{"health", "--tls-cert", certificates_.Path("client.pem")}, "--tls-cert needs --tls-key"},
      {{"health", "--tls-ca", missing}, "--tls-ca: cannot read"},
  };
  for (const auto& c : cases) {
    const auto result = RunGalley(c.args, {}, std::chrono::seconds(30));
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find(c.says), std::string::npos) << c.says << " not in: " << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  }
}

TEST_F(TlsTest, PlaintextBeyondLoopbackIsServedWithAWarning) {
  constexpr const char* kWarning = "traffic and bearer tokens travel in clear text";
  {
    auto everywhere = StartServe({}, {}, "0.0.0.0:0");
    ASSERT_FALSE(address_.empty());
    EXPECT_NE(everywhere->Log().find(kWarning), std::string::npos) << everywhere->Log();
    EXPECT_EQ(HealthOf(ChannelTo(address_)), "SERVING");
  }
  {
    auto loopback = StartServe({});
    ASSERT_FALSE(address_.empty());
    EXPECT_EQ(loopback->Log().find(kWarning), std::string::npos) << loopback->Log();
  }
  {
    auto tls_everywhere = StartServe(ServerTls(), {}, "0.0.0.0:0");
    ASSERT_FALSE(address_.empty());
    EXPECT_EQ(tls_everywhere->Log().find(kWarning), std::string::npos) << tls_everywhere->Log();
  }
}

}  // namespace
}  // namespace galley::testing
