-- SearchArticles (DESIGN.md §2): a text-search vector per working copy and
-- per revision, with GIN indexes, so that every term is found through an
-- index. PostgreSQL's parser does not segment Chinese, so Galley writes the
-- Chinese part itself (domain/search_text.h): each Han, kana or Hangul
-- character and each pair of adjacent ones is a lexeme, and a query of two
-- or more characters asks for all its pairs. Latin-script text goes through
-- the `english` configuration (words, stemming). Weights: A the headline,
-- B kicker, subheadline, summary, tags and byline names, C the body, photo
-- captions and the dateline.
--
-- The service writes `search` in the same transaction as the content it
-- indexes; a revision copies its article's. Rows written before this
-- migration are indexed by `galley migrate up` right after it migrates
-- (app/search_backfill.h): SQL alone cannot segment them as the service does.
ALTER TABLE articles ADD COLUMN search tsvector;
ALTER TABLE article_revisions ADD COLUMN search tsvector;
CREATE INDEX articles_search_idx ON articles USING gin (search);
CREATE INDEX article_revisions_search_idx ON article_revisions USING gin (search);

-- The query side: the Chinese part as a tsquery Galley wrote, the rest in
-- words for the `english` configuration; either may be empty.
CREATE FUNCTION galley_search_query(cjk text, latin text) RETURNS tsquery
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN latin = '' THEN cjk::tsquery
    WHEN cjk = '' THEN plainto_tsquery('english', latin)
    ELSE cjk::tsquery && plainto_tsquery('english', latin)
  END
$$;

-- Readers search what they see: the live revision's vector.
CREATE OR REPLACE VIEW published_articles AS
SELECT a.publication_id, a.id,
       r.headline, r.kicker, r.subheadline, r.summary, r.body, r.bylines, r.dateline, r.tags, r.language,
       r.section, r.position, r.issue, r.contributors, r.photos,
       'PUBLISHED'::text AS state, r.revision, a.create_time, a.publish_time AS update_time,
       a.owner, a.published_revision, a.live, a.publish_time, ''::text AS state_reason, a.corrections,
       r.search
FROM articles a
JOIN article_revisions r
  ON r.publication_id = a.publication_id AND r.article_id = a.id AND r.revision = a.published_revision
WHERE a.live AND a.delete_time IS NULL;
