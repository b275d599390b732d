-- The workflow: who owns an article, which revision readers see, corrections,
-- and what is scheduled to go live (DESIGN.md §1 "Workflow").

ALTER TABLE articles
  ADD COLUMN owner                text NOT NULL DEFAULT '',   -- the principal that created it
  ADD COLUMN published_revision   bigint,                     -- the revision last published
  ADD COLUMN live                 boolean NOT NULL DEFAULT false,  -- readers see published_revision
  ADD COLUMN publish_time         timestamptz,                -- when it went live, or is to (SCHEDULED)
  ADD COLUMN state_reason         text NOT NULL DEFAULT '',   -- the last reject note, unpublish or kill reason
  ADD COLUMN corrections          bytea NOT NULL DEFAULT '',  -- domain encoding (domain/article.cc)
  ADD COLUMN scheduled_correction text NOT NULL DEFAULT '';   -- appended when the schedule fires

ALTER TABLE articles ADD CONSTRAINT articles_state_check
  CHECK (state IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'UNPUBLISHED', 'KILLED'));
ALTER TABLE articles ADD CONSTRAINT articles_live_check CHECK (NOT live OR published_revision IS NOT NULL);

ALTER TABLE article_revisions ADD COLUMN state_reason text NOT NULL DEFAULT '';

-- What the schedulers of every replica poll: only rows that are due matter.
CREATE INDEX articles_scheduled_idx ON articles (publish_time) WHERE state = 'SCHEDULED';

ALTER TABLE issues DROP CONSTRAINT issues_state_check;
ALTER TABLE issues ADD CONSTRAINT issues_state_check CHECK (state IN ('PLANNING', 'SCHEDULED', 'PUBLISHED'));
CREATE INDEX issues_scheduled_idx ON issues (publish_time) WHERE state = 'SCHEDULED';

-- What readers see of an article: its live revision, with the article's own
-- placement in time. Lists in the PUBLISHED view page through this.
CREATE VIEW published_articles AS
SELECT a.publication_id, a.id,
       r.headline, r.kicker, r.subheadline, r.summary, r.body, r.bylines, r.dateline, r.tags, r.language,
       r.section, r.position, r.issue, r.contributors, r.photos,
       'PUBLISHED'::text AS state, r.revision, a.create_time, a.publish_time AS update_time,
       a.owner, a.published_revision, a.live, a.publish_time, ''::text AS state_reason, a.corrections
FROM articles a
JOIN article_revisions r
  ON r.publication_id = a.publication_id AND r.article_id = a.id AND r.revision = a.published_revision
WHERE a.live AND a.delete_time IS NULL;
