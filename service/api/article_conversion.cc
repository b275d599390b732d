#include "api/article_conversion.h"

#include "api/time_conversion.h"

namespace galley::api {

namespace {

// Enum values travel to the domain by name, so an unknown or unset value
// reaches its checks as what it is.
template <typename Enum, typename NameOf, typename IsValid>
std::string EnumName(int value, NameOf name_of, IsValid is_valid) {
  if (value == 0) return "";
  return is_valid(value) ? name_of(static_cast<Enum>(value)) : "value " + std::to_string(value);
}

void ContentToProto(const domain::ArticleContent& content, v1::Article* out) {
  out->set_headline(content.headline);
  out->set_kicker(content.kicker);
  out->set_subheadline(content.subheadline);
  out->set_summary(content.summary);
  for (const auto& block : content.body) {
    auto* b = out->add_body();
    v1::Block::Kind kind = v1::Block::KIND_UNSPECIFIED;
    v1::Block::Kind_Parse(block.kind, &kind);
    b->set_kind(kind);
    b->set_text(block.text);
    b->set_photo(block.photo);
    b->set_credit(block.credit);
  }
  for (const auto& byline : content.bylines) {
    auto* b = out->add_bylines();
    b->set_contributor(byline.contributor);
    b->set_display_name(byline.display_name);
    v1::Contributor::Role role = v1::Contributor::ROLE_UNSPECIFIED;
    v1::Contributor::Role_Parse(byline.role, &role);
    b->set_role(role);
    b->set_credit(byline.credit);
  }
  out->set_dateline(content.dateline);
  for (const auto& tag : content.tags) out->add_tags(tag);
  out->set_language(content.language);
  out->set_section(content.section);
  out->set_position(content.position);
}

}  // namespace

void ToProto(const domain::Article& article, v1::Article* out) {
  out->set_name(article.Name());
  ContentToProto(article.content, out);
  v1::Article::State state = v1::Article::STATE_UNSPECIFIED;
  v1::Article::State_Parse(article.state, &state);
  out->set_state(state);
  out->set_revision(article.revision);
  out->set_etag(article.Etag());
  ToProto(article.create_time, out->mutable_create_time());
  ToProto(article.update_time, out->mutable_update_time());
  out->set_owner(article.owner);
  out->set_published_revision(article.published_revision);
  if (article.publish_time) ToProto(*article.publish_time, out->mutable_publish_time());
  out->set_state_reason(article.state_reason);
  for (const auto& correction : article.corrections) {
    auto* c = out->add_corrections();
    c->set_text(correction.text);
    ToProto(correction.create_time, c->mutable_create_time());
    c->set_corrected_revision(correction.corrected_revision);
    c->set_revision(correction.revision);
  }
}

void ToProto(const domain::ArticleRevision& revision, v1::ArticleRevision* out) {
  out->set_name(revision.Name());
  auto* snapshot = out->mutable_snapshot();
  snapshot->set_name(domain::ArticleName().Format({revision.publication_id, revision.article_id}));
  ContentToProto(revision.content, snapshot);
  v1::Article::State state = v1::Article::STATE_UNSPECIFIED;
  v1::Article::State_Parse(revision.state, &state);
  snapshot->set_state(state);
  snapshot->set_revision(revision.number);
  for (const auto& field : revision.changed_fields) out->add_changed_fields(field);
  out->set_author(revision.author);
  out->set_state_reason(revision.state_reason);
  ToProto(revision.create_time, out->mutable_create_time());
}

domain::ArticleContent ContentFromProto(const v1::Article& article) {
  domain::ArticleContent content;
  content.headline = article.headline();
  content.kicker = article.kicker();
  content.subheadline = article.subheadline();
  content.summary = article.summary();
  for (const auto& block : article.body()) {
    content.body.push_back({EnumName<v1::Block::Kind>(block.kind(), v1::Block::Kind_Name<v1::Block::Kind>,
                                                      v1::Block::Kind_IsValid),
                            block.text(), block.photo(), block.credit()});
  }
  for (const auto& byline : article.bylines()) {
    content.bylines.push_back(
        {byline.contributor(), byline.display_name(),
         EnumName<v1::Contributor::Role>(byline.role(), v1::Contributor::Role_Name<v1::Contributor::Role>,
                                         v1::Contributor::Role_IsValid),
         byline.credit()});
  }
  content.dateline = article.dateline();
  content.tags.assign(article.tags().begin(), article.tags().end());
  content.language = article.language();
  content.section = article.section();
  content.position = article.position();
  return content;
}

}  // namespace galley::api
