-- The people bylines name.

CREATE TABLE contributors (
  publication_id text NOT NULL REFERENCES publications (id),
  id             text NOT NULL,
  display_name   text NOT NULL,
  roles          text[] NOT NULL DEFAULT '{}'
                 CHECK (roles <@ ARRAY['REPORTER', 'CORRESPONDENT', 'PHOTOGRAPHER', 'EDITOR']),
  affiliation    text NOT NULL DEFAULT '',
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (publication_id, id)
);

CREATE INDEX contributors_display_name_idx ON contributors (publication_id, display_name, id);
CREATE INDEX contributors_create_time_idx ON contributors (publication_id, create_time, id);
