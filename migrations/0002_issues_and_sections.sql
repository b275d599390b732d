-- Issues (期) of a publication and their sections (版面).

CREATE TABLE issues (
  publication_id text NOT NULL REFERENCES publications (id),
  id             text NOT NULL,
  issue_date     date NOT NULL,
  issue_number   integer CHECK (issue_number > 0),  -- NULL: not numbered
  title          text NOT NULL DEFAULT '',
  state          text NOT NULL DEFAULT 'PLANNING' CHECK (state IN ('PLANNING', 'PUBLISHED')),
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  publish_time   timestamptz,
  PRIMARY KEY (publication_id, id)
);

-- 期号 are unique within a publication.
CREATE UNIQUE INDEX issues_number_key ON issues (publication_id, issue_number) WHERE issue_number IS NOT NULL;
-- Keyset pagination orders by one of these within a publication, ties by id.
CREATE INDEX issues_date_idx ON issues (publication_id, issue_date, id);
CREATE INDEX issues_create_time_idx ON issues (publication_id, create_time, id);

CREATE TABLE sections (
  publication_id text NOT NULL,
  issue_id       text NOT NULL,
  id             text NOT NULL,
  display_name   text NOT NULL,
  page_number    integer NOT NULL DEFAULT 0 CHECK (page_number >= 0),
  position       integer NOT NULL CHECK (position > 0),
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (publication_id, issue_id, id),
  FOREIGN KEY (publication_id, issue_id) REFERENCES issues (publication_id, id) ON DELETE CASCADE
);

CREATE INDEX sections_position_idx ON sections (publication_id, issue_id, position, id);
CREATE INDEX sections_page_idx ON sections (publication_id, issue_id, page_number, id);
