-- The change log (DESIGN.md §2 "Changes"; docs/change-feed.md says why its
-- order is the commit order). Rows are appended, never updated or deleted:
-- unpublishing and killing are rows of their own. A row names the revision
-- it published rather than copying it; revisions are immutable.
CREATE TABLE changes (
  sequence bigint PRIMARY KEY CHECK (sequence > 0),
  type text NOT NULL CHECK (type IN ('ARTICLE_PUBLISHED', 'ARTICLE_CORRECTED', 'ARTICLE_UNPUBLISHED',
                                     'ARTICLE_KILLED', 'ISSUE_PUBLISHED')),
  publication_id text NOT NULL,
  resource text NOT NULL,
  article_id text,
  revision bigint,
  issue_id text,
  reason text NOT NULL DEFAULT '',
  commit_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((type IN ('ARTICLE_PUBLISHED', 'ARTICLE_CORRECTED')) = (revision IS NOT NULL)),
  CHECK ((type = 'ISSUE_PUBLISHED') = (issue_id IS NOT NULL))
);

-- Consumers that follow one publication.
CREATE INDEX changes_publication_idx ON changes (publication_id, sequence);
