-- galley:no-transaction
-- SearchArticles ranks headline matches above the rest, each newest first
-- (store/windowed_search.h). The headline tier is found through an index of
-- its own: the weight-A lexemes of the search vector, which are the
-- headline's. Built concurrently: the newsroom keeps writing meanwhile.
-- A revision's index serves searches of the published versions.
DROP INDEX CONCURRENTLY IF EXISTS articles_headline_search_idx;
CREATE INDEX CONCURRENTLY articles_headline_search_idx ON articles USING gin (ts_filter(search, '{a}'));
DROP INDEX CONCURRENTLY IF EXISTS article_revisions_headline_search_idx;
CREATE INDEX CONCURRENTLY article_revisions_headline_search_idx
  ON article_revisions USING gin (ts_filter(search, '{a}'));
-- Searches of the published versions step through publication times.
DROP INDEX CONCURRENTLY IF EXISTS articles_live_publish_time_idx;
CREATE INDEX CONCURRENTLY articles_live_publish_time_idx ON articles (publication_id, publish_time, id)
  WHERE live AND delete_time IS NULL;
-- The planner's statistics of the new expression, which it weighs against
-- the time index for each window.
ANALYZE articles;
ANALYZE article_revisions;
