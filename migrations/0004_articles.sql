-- Articles and their revisions. The body and the bylines are kept as bytes
-- in the domain's own encoding (domain/article.cc); what lists filter on
-- (tags, the contributors bylines name, the placement) is kept in columns.

CREATE TABLE articles (
  publication_id text NOT NULL REFERENCES publications (id),
  id             text NOT NULL,
  headline       text NOT NULL,
  kicker         text NOT NULL DEFAULT '',
  subheadline    text NOT NULL DEFAULT '',
  summary        text NOT NULL DEFAULT '',
  body           bytea NOT NULL,
  bylines        bytea NOT NULL,
  dateline       text NOT NULL DEFAULT '',
  tags           text[] NOT NULL DEFAULT '{}',
  contributors   text[] NOT NULL DEFAULT '{}',  -- contributor names the bylines reference
  language       text NOT NULL,
  issue          text,                           -- the issue name of `section`
  section        text,                           -- a section name; NULL: not placed
  position       integer NOT NULL DEFAULT 0,
  state          text NOT NULL DEFAULT 'DRAFT',
  revision       bigint NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  delete_time    timestamptz,                    -- deleted: hidden, its id kept, its revisions kept
  PRIMARY KEY (publication_id, id)
);

CREATE INDEX articles_update_time_idx ON articles (publication_id, update_time, id) WHERE delete_time IS NULL;
CREATE INDEX articles_create_time_idx ON articles (publication_id, create_time, id) WHERE delete_time IS NULL;
CREATE INDEX articles_section_idx ON articles (section, position, id) WHERE delete_time IS NULL;
CREATE INDEX articles_issue_idx ON articles (issue) WHERE delete_time IS NULL;
CREATE INDEX articles_tags_idx ON articles USING gin (tags);
CREATE INDEX articles_contributors_idx ON articles USING gin (contributors);

-- Immutable: rows are only ever inserted.
CREATE TABLE article_revisions (
  publication_id text NOT NULL,
  article_id     text NOT NULL,
  revision       bigint NOT NULL,
  headline       text NOT NULL,
  kicker         text NOT NULL,
  subheadline    text NOT NULL,
  summary        text NOT NULL,
  body           bytea NOT NULL,
  bylines        bytea NOT NULL,
  dateline       text NOT NULL,
  tags           text[] NOT NULL,
  contributors   text[] NOT NULL,
  language       text NOT NULL,
  issue          text,
  section        text,
  position       integer NOT NULL,
  state          text NOT NULL,
  changed_fields text[] NOT NULL,
  author         text NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (publication_id, article_id, revision)
);
