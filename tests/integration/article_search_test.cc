// SearchArticles through gRPC against PostgreSQL: Chinese terms of one, two
// and more characters, English words with stemming, mixed queries, ranking,
// snippets, what each role may find, the index kept in step with edits and
// the workflow, paging and bad requests; and, on 100k generated articles,
// that short Chinese terms are found through the index.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <array>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/search_text.h"
#include "galley/v1/article_service.grpc.pb.h"
#include "store/article_repository.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "support/article_driver.h"
#include "support/grpc_status.h"
#include "support/in_process_galley.h"

namespace galley {
namespace {

using testing::ViolatedFields;
using v1::Article;

constexpr const char* kPublication = "publications/gannan-daily";

Article Story(const std::string& headline, const std::string& body, const std::string& summary = "") {
  Article article;
  article.set_headline(headline);
  article.set_summary(summary);
  auto* block = article.add_body();
  block->set_kind(v1::Block::PARAGRAPH);
  block->set_text(body);
  return article;
}

class ArticleSearchTest : public ::testing::Test {
 protected:
  void SetUp() override { galley_.CreatePublication("gannan-daily"); }

  // Stories from the sample page, and one in English.
  void WriteThePage() {
    const std::vector<std::array<std::string, 3>> stories{
        {"xitu", "稀土产业链加速延伸", "记者从市工信局获悉,我市稀土新材料产业链向下游延伸,永磁电机项目相继投产。"},
        {"huichang", "会昌:用微建议撬动大治理", "“我的一句小建议,他们就把实事办好了。”居民宁先生说。"},
        {"nankang", "南康区:推进老旧小区改造 办好民生实事", "金赣小区的蝶变,是南康区推进老旧小区改造的生动缩影。"},
        {"stroke", "研究:规律运动降低卒中风险", "发表在JAMA上的一项研究显示,每周运动三次可使卒中风险下降。"},
        {"english", "Rare earth exports published", "The ministry is publishing new figures on magnets every month."},
    };
    for (const auto& [id, headline, body] : stories) {
      articles_.Live(articles_.Create("gannan-daily", id, Story(headline, body)));
    }
  }

  grpc::Status Search(const std::string& query, v1::SearchArticlesResponse* out, int page_size = 0,
                      const std::string& page_token = "", const std::string& filter = "",
                      v1::ArticleView view = v1::ARTICLE_VIEW_UNSPECIFIED,
                      v1::ArticleService::Stub* stub = nullptr) {
    v1::SearchArticlesRequest request;
    request.set_parent(kPublication);
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    request.set_filter(filter);
    request.set_view(view);
    grpc::ClientContext context;
    return (stub != nullptr ? *stub : *stub_).SearchArticles(&context, request, out);
  }

  // The ids found, best first.
  std::vector<std::string> Found(const std::string& query, v1::ArticleView view = v1::ARTICLE_VIEW_UNSPECIFIED,
                                 v1::ArticleService::Stub* stub = nullptr) {
    v1::SearchArticlesResponse response;
    const auto status = Search(query, &response, 0, "", "", view, stub);
    EXPECT_TRUE(status.ok()) << query << ": " << status.error_message();
    std::vector<std::string> ids;
    for (const auto& result : response.results()) {
      const std::string& name = result.article().name();
      ids.push_back(name.substr(name.rfind('/') + 1));
    }
    return ids;
  }

  std::string First(const std::string& query) {
    const auto ids = Found(query);
    return ids.empty() ? "(nothing)" : ids.front();
  }

  testing::InProcessGalley galley_;
  testing::ArticleDriver articles_{galley_.channel()};
  std::unique_ptr<v1::ArticleService::Stub> stub_ = v1::ArticleService::NewStub(galley_.channel());
};

TEST_F(ArticleSearchTest, ChineseTermsOfAnyLengthAndEnglishWordsFindTheRightArticle) {
  WriteThePage();
  EXPECT_EQ(First("稀土"), "xitu");
  EXPECT_EQ(First("微建议"), "huichang");
  EXPECT_EQ(First("老旧小区"), "nankang");
  EXPECT_EQ(First("卒中"), "stroke");
  EXPECT_EQ(First("JAMA"), "stroke");
  EXPECT_EQ(First("jama"), "stroke");
  EXPECT_EQ(First("ＪＡＭＡ"), "stroke");  // full-width letters read as ASCII
  EXPECT_EQ(Found("稀"), std::vector<std::string>{"xitu"});  // one character
  EXPECT_EQ(First("publish"), "english");  // stemmed: published, publishing
  EXPECT_EQ(Found("JAMA 卒中"), std::vector<std::string>{"stroke"});  // mixed: both must occur
  EXPECT_TRUE(Found("JAMA 稀土").empty());
  EXPECT_TRUE(Found("量子计算").empty());
  EXPECT_TRUE(Found("quantum").empty());
  // The pairs of a longer term must all occur: 小区 alone would also find 金赣小区.
  EXPECT_TRUE(Found("老旧小学").empty());
}

TEST_F(ArticleSearchTest, HeadlineMatchesRankAboveBodyMatchesAndSnippetsMarkTheTerm) {
  articles_.Live(articles_.Create("gannan-daily", "in-body",
                                  Story("我市新材料产业发展迅速", "其中稀土产业增长最快,占全市工业产值的三成。")));
  articles_.Live(articles_.Create("gannan-daily", "in-headline", Story("稀土产业链加速延伸", "记者从市工信局获悉。")));
  v1::SearchArticlesResponse response;
  ASSERT_TRUE(Search("稀土", &response).ok());
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).article().name(), "publications/gannan-daily/articles/in-headline");
  EXPECT_GT(response.results(0).score(), response.results(1).score());
  EXPECT_EQ(response.results(0).snippet(), "<em>稀土</em>产业链加速延伸");
  EXPECT_EQ(response.results(1).snippet(), "其中<em>稀土</em>产业增长最快,占全市工业产值的三成。");
}

TEST_F(ArticleSearchTest, ReadersFindOnlyWhatIsLiveAndTheIndexFollowsEveryChange) {
  auto reader = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReader, "website"));
  auto live = articles_.Live(articles_.Create("gannan-daily", "live", Story("稀土产业链加速延伸", "正文")));
  articles_.Create("gannan-daily", "draft", Story("稀土新政策草稿", "未发表"));
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()), std::vector<std::string>{"live"});
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_WORKING_COPY).size(), 2u);

  // An edit changes the working copy's index at once, the readers' only when
  // it is published.
  live.set_headline("钨产业链加速延伸");
  live = articles_.Update(live, "headline");
  EXPECT_EQ(Found("钨", v1::ARTICLE_VIEW_WORKING_COPY), std::vector<std::string>{"live"});
  EXPECT_TRUE(Found("钨", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()).empty());
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()), std::vector<std::string>{"live"});
  live = articles_.Publish(live);
  EXPECT_EQ(Found("钨", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()), std::vector<std::string>{"live"});
  EXPECT_TRUE(Found("稀土", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()).empty());

  live = articles_.Unpublish(live, "核实中");
  EXPECT_TRUE(Found("钨", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()).empty());
  live = articles_.Publish(live);
  articles_.Kill(live, "法院禁令");
  EXPECT_TRUE(Found("钨", v1::ARTICLE_VIEW_UNSPECIFIED, reader.get()).empty());
  EXPECT_TRUE(Found("钨", v1::ARTICLE_VIEW_PUBLISHED).empty());

  // A deleted article is found by no one.
  grpc::ClientContext context;
  v1::DeleteArticleRequest remove;
  remove.set_name("publications/gannan-daily/articles/draft");
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteArticle(&context, remove, &empty).ok());
  EXPECT_TRUE(Found("草稿", v1::ARTICLE_VIEW_WORKING_COPY).empty());
}

TEST_F(ArticleSearchTest, AReporterSearchesOnlyTheirOwnWorkingCopies) {
  auto yin = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReporter, "yin-caixia"));
  auto liu = v1::ArticleService::NewStub(galley_.ChannelAs(domain::Role::kReporter, "liu-yuming"));
  testing::ArticleDriver as_liu(galley_.ChannelAs(domain::Role::kReporter, "liu-yuming"));
  as_liu.Create("gannan-daily", "liu-scoop", Story("独家:稀土走私调查", "尚未发表"));
  EXPECT_TRUE(Found("稀土", v1::ARTICLE_VIEW_WORKING_COPY, yin.get()).empty());
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_WORKING_COPY, liu.get()), std::vector<std::string>{"liu-scoop"});
}

TEST_F(ArticleSearchTest, PagesFollowTheRankingWithoutRepeatsAndTokensBelongToTheirSearch) {
  for (int i = 0; i < 5; ++i) {
    articles_.Live(articles_.Create("gannan-daily", "s" + std::to_string(i), Story("稀土 " + std::to_string(i), "正文")));
  }
  const std::vector<std::string> all = Found("稀土");
  ASSERT_EQ(all.size(), 5u);
  std::vector<std::string> paged;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    v1::SearchArticlesResponse response;
    ASSERT_TRUE(Search("稀土", &response, 2, token).ok());
    for (const auto& result : response.results()) {
      paged.push_back(result.article().name().substr(result.article().name().rfind('/') + 1));
    }
    token = response.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_EQ(paged, all);

  v1::SearchArticlesResponse first;
  ASSERT_TRUE(Search("稀土", &first, 2).ok());
  v1::SearchArticlesResponse other;
  const auto status = Search("正文", &other, 2, first.next_page_token());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
}

TEST_F(ArticleSearchTest, AFilterNarrowsTheResults) {
  articles_.Live(articles_.Create("gannan-daily", "live", Story("稀土产业链加速延伸", "正文")));
  articles_.Create("gannan-daily", "draft", Story("稀土新政策草稿", "未发表"));
  v1::SearchArticlesResponse response;
  ASSERT_TRUE(Search("稀土", &response, 0, "", R"(state = "DRAFT")", v1::ARTICLE_VIEW_WORKING_COPY).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).article().name(), "publications/gannan-daily/articles/draft");
}

TEST_F(ArticleSearchTest, BadRequestsNameTheirField) {
  const std::vector<std::pair<v1::SearchArticlesRequest, std::string>> cases = [] {
    std::vector<std::pair<v1::SearchArticlesRequest, std::string>> out;
    v1::SearchArticlesRequest base;
    base.set_parent(kPublication);
    base.set_query("稀土");
    auto with = [&](auto change, const std::string& field) {
      v1::SearchArticlesRequest request = base;
      change(request);
      out.emplace_back(request, field);
    };
    with([](auto& r) { r.set_query(""); }, "query");
    with([](auto& r) { r.set_query(" ,。!"); }, "query");
    with([](auto& r) { r.set_query(std::string(201 * 3, 'a')); }, "query");
    with([](auto& r) { r.set_parent("gannan-daily"); }, "parent");
    with([](auto& r) { r.set_filter(R"(headline = "稀土")"); }, "filter");
    with([](auto& r) { r.set_page_size(-1); }, "page_size");
    with([](auto& r) { r.set_page_token("forged"); }, "page_token");
    return out;
  }();
  for (const auto& [request, field] : cases) {
    v1::SearchArticlesResponse response;
    grpc::ClientContext context;
    const auto status = stub_->SearchArticles(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field << ": " << status.error_message();
    EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{field}) << status.error_message();
  }
}

TEST_F(ArticleSearchTest, AVeryLongArticleSavesAndItsBeginningIsFound) {
  // 30 blocks of 20 000 characters (1.8 MB, under the 2 MiB a request may
  // carry), hardly a pair repeated: far more than one tsvector can hold, so
  // only the beginning is indexed.
  Article article;
  article.set_headline("长篇连载");
  for (int block = 0; block < 30; ++block) {
    std::u32string text;
    for (int i = 0; i < 20000; ++i) text += static_cast<char32_t>(0x4E00 + (block * 20000 + i * 7919) % 20000);
    std::string utf8;
    for (const char32_t c : text) {
      utf8 += static_cast<char>(0xE0 | (c >> 12));
      utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
    auto* paragraph = article.add_body();
    paragraph->set_kind(v1::Block::PARAGRAPH);
    paragraph->set_text(utf8);
  }
  articles_.Create("gannan-daily", "serial", article);
  EXPECT_EQ(Found("长篇连载", v1::ARTICLE_VIEW_WORKING_COPY), std::vector<std::string>{"serial"});
}

TEST_F(ArticleSearchTest, ArticlesWrittenBeforeSearchExistedAreIndexedByTheMigrationsDataStep) {
  // Published, then edited: the working copy and the published version
  // differ, and each must be indexed from its own text.
  v1::Article old = articles_.Live(articles_.Create("gannan-daily", "old", Story("稀土产业链加速延伸", "记者从市工信局获悉。")));
  old.set_headline("草原旅游持续升温");
  articles_.Update(old, "headline");
  {
    // As the rows stood before migration 0011 filled them.
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    // Revisions keep no vector: nothing searches them.
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM article_revisions WHERE search IS NOT NULL")[0].as<int>(), 0);
    tx.exec("UPDATE articles SET search = NULL, published_search = NULL");
    tx.commit();
  }
  EXPECT_TRUE(Found("稀土", v1::ARTICLE_VIEW_PUBLISHED).empty());
  EXPECT_TRUE(Found("草原", v1::ARTICLE_VIEW_WORKING_COPY).empty());
  store::ConnectionPool pool(galley_.database().url(), 1);
  store::Database database(pool);
  EXPECT_EQ(store::IndexUnsearched(database, 1), 2);  // the working copy and the published version
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_PUBLISHED), std::vector<std::string>{"old"});
  EXPECT_TRUE(Found("草原", v1::ARTICLE_VIEW_PUBLISHED).empty());
  EXPECT_EQ(Found("草原", v1::ARTICLE_VIEW_WORKING_COPY), std::vector<std::string>{"old"});
  EXPECT_TRUE(Found("稀土", v1::ARTICLE_VIEW_WORKING_COPY).empty());
  EXPECT_EQ(Found("工信局", v1::ARTICLE_VIEW_WORKING_COPY), std::vector<std::string>{"old"});
  EXPECT_EQ(store::IndexUnsearched(database), 0);  // nothing left to do

  // Published by a release from before migration 0013, which wrote no
  // published vector: the data step makes it from the published revision.
  {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec("UPDATE articles SET published_search = NULL");
    tx.commit();
  }
  EXPECT_TRUE(Found("稀土", v1::ARTICLE_VIEW_PUBLISHED).empty());
  EXPECT_EQ(store::IndexUnsearched(database), 1);
  EXPECT_EQ(Found("稀土", v1::ARTICLE_VIEW_PUBLISHED), std::vector<std::string>{"old"});
  EXPECT_EQ(store::IndexUnsearched(database), 0);

  // An article whose published revision is missing (no foreign key forbids
  // it) is passed over, not taken batch after batch in place of the others.
  articles_.Live(articles_.Create("gannan-daily", "newer", Story("草原旅游持续升温", "游客人数创新高。")));
  {
    pqxx::connection connection(galley_.database().url());
    pqxx::work tx(connection);
    tx.exec("UPDATE articles SET published_search = NULL");
    tx.exec("DELETE FROM article_revisions r USING articles a WHERE a.id = 'old' AND r.article_id = a.id "
            "AND r.revision = a.published_revision");
    tx.commit();
  }
  EXPECT_EQ(store::IndexUnsearched(database, 1), 1);
  EXPECT_EQ(Found("旅游", v1::ARTICLE_VIEW_PUBLISHED), std::vector<std::string>{"newer"});
  EXPECT_EQ(store::IndexUnsearched(database, 1), 0);
}

TEST_F(ArticleSearchTest, HeadlinesComeFirstThenTheRestEachNewestFirstAcrossYearsAndPages) {
  // Ages in days, spread over the time windows a search steps through
  // (store/search_steps.h), and written in another order than they rank.
  const std::vector<std::tuple<std::string, bool, int>> stories{
      {"body-20", false, 20},     {"head-700", true, 700}, {"body-0", false, 0},
      {"head-3", true, 3},        {"body-9000", false, 9000}, {"head-0", true, 0},
      {"body-2", false, 2},       {"head-5000", true, 5000},
  };
  pqxx::connection connection(galley_.database().url());
  for (const auto& [id, in_headline, age] : stories) {
    articles_.Live(articles_.Create("gannan-daily", id,
                                    in_headline ? Story("稀土产业链加速延伸", "正文") : Story("产业链", "稀土正文")));
    pqxx::work tx(connection);
    tx.exec_params("UPDATE articles SET update_time = now() - $2::integer * interval '1 day' - interval '1 hour', "
                   "publish_time = now() - $2::integer * interval '1 day' - interval '1 hour' WHERE id = $1",
                   id, age);
    tx.commit();
  }
  const std::vector<std::string> ranked{"head-0",  "head-3", "head-700", "head-5000",
                                        "body-0", "body-2", "body-20",  "body-9000"};
  for (const auto view : {v1::ARTICLE_VIEW_WORKING_COPY, v1::ARTICLE_VIEW_PUBLISHED}) {
    EXPECT_EQ(Found("稀土", view), ranked) << v1::ArticleView_Name(view);
    for (const int page_size : {1, 3, 4}) {
      std::vector<std::string> paged;
      std::string token;
      do {
        v1::SearchArticlesResponse response;
        ASSERT_TRUE(Search("稀土", &response, page_size, token, "", view).ok());
        ASSERT_LE(response.results_size(), page_size);
        for (const auto& result : response.results()) {
          const std::string& name = result.article().name();
          paged.push_back(name.substr(name.rfind('/') + 1));
          EXPECT_EQ(result.score(), paged.back().rfind("head", 0) == 0 ? 1.0 : 0.5) << paged.back();
        }
        token = response.next_page_token();
      } while (!token.empty() && paged.size() <= ranked.size());
      EXPECT_EQ(paged, ranked) << v1::ArticleView_Name(view) << ", pages of " << page_size;
    }
  }
}

// The plan PostgreSQL chooses for the first window of a search tier.
std::string PlanOf(pqxx::work& tx, const std::string& term, store::SearchTier tier) {
  domain::ListQuery query;
  query.order_by = {"relevance", true};
  const auto search = domain::ParseSearchQuery("query", term);
  const auto sql = store::ArticleRepository::FirstSearchWindowSql("gannan-daily", search, query,
                                                                  domain::ArticleView::kWorkingCopy, tier);
  std::string plan;
  for (const auto& row : tx.exec_params("EXPLAIN " + sql.sql, pqxx::prepare::make_dynamic_params(sql.params))) {
    plan += row[0].as<std::string>() + "\n";
  }
  return plan;
}

TEST_F(ArticleSearchTest, OneAndTwoCharacterTermsAreFoundThroughTheIndexAmong100kArticles) {
  pqxx::connection connection(galley_.database().url());
  pqxx::work tx(connection);
  // 100k articles, each with two characters of its own in its headline's
  // lexemes (as the service writes them: unigrams and their bigram).
  tx.exec(
      "INSERT INTO articles (publication_id, id, headline, body, bylines, language, revision, owner, search) "
      "SELECT 'gannan-daily', 'g' || g, '生成', '', '', 'zh-Hans', 1, 'generator', "
      "format('%L:1A %L:2A %L:1A', chr(19968 + g % 5000), chr(24000 + g % 3000), "
      "chr(19968 + g % 5000) || chr(24000 + g % 3000))::tsvector "
      "FROM generate_series(1, 100000) AS g");
  tx.exec("ANALYZE articles");
  for (const std::string term : {"一", "丁", "一乂"}) {
    // All 100k were written just now, into the first window of each tier,
    // where the tier's index finds the term.
    const std::string headline = PlanOf(tx, term, store::SearchTier::kHeadline);
    EXPECT_NE(headline.find("articles_headline_search_idx"), std::string::npos) << term << "\n" << headline;
    EXPECT_EQ(headline.find("Seq Scan"), std::string::npos) << term << "\n" << headline;
    const std::string elsewhere = PlanOf(tx, term, store::SearchTier::kElsewhere);
    EXPECT_NE(elsewhere.find("articles_search_idx"), std::string::npos) << term << "\n" << elsewhere;
    EXPECT_EQ(elsewhere.find("Seq Scan"), std::string::npos) << term << "\n" << elsewhere;
  }
}

}  // namespace
}  // namespace galley
