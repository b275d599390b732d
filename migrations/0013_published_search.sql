-- galley:no-transaction
-- Readers search the published versions. Their vectors were the revisions'
-- (article_revisions.search, through the view), so a search could not
-- intersect the term's index with the publication-time index of `articles`:
-- it read every matching revision. The published version's vector now sits
-- on its article's row, written when the article is published (and by
-- `galley migrate up` for rows an older release published meanwhile).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_search tsvector;
UPDATE articles a SET published_search = r.search
FROM article_revisions r
WHERE r.publication_id = a.publication_id AND r.article_id = a.id AND r.revision = a.published_revision
  AND a.published_search IS NULL;

CREATE OR REPLACE VIEW published_articles AS
SELECT a.publication_id, a.id,
       r.headline, r.kicker, r.subheadline, r.summary, r.body, r.bylines, r.dateline, r.tags, r.language,
       r.section, r.position, r.issue, r.contributors, r.photos,
       'PUBLISHED'::text AS state, r.revision, a.create_time, a.publish_time AS update_time,
       a.owner, a.published_revision, a.live, a.publish_time, ''::text AS state_reason, a.corrections,
       a.published_search AS search
FROM articles a
JOIN article_revisions r
  ON r.publication_id = a.publication_id AND r.article_id = a.id AND r.revision = a.published_revision
WHERE a.live AND a.delete_time IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS articles_published_search_idx;
CREATE INDEX CONCURRENTLY articles_published_search_idx ON articles USING gin (published_search)
  WHERE live AND delete_time IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS articles_published_headline_search_idx;
CREATE INDEX CONCURRENTLY articles_published_headline_search_idx ON articles
  USING gin (ts_filter(published_search, '{a}')) WHERE live AND delete_time IS NULL;
-- Nothing searches the revisions' vectors any more: their indexes go (the
-- headline one since 0012). The vectors stay, for the step above to copy.
DROP INDEX CONCURRENTLY IF EXISTS article_revisions_search_idx;
DROP INDEX CONCURRENTLY IF EXISTS article_revisions_headline_search_idx;
ANALYZE articles;
