-- Photos, stored whole with their metadata, and which photos each article
-- shows (for the checks that keep published photos from being deleted).

CREATE TABLE photos (
  publication_id text NOT NULL REFERENCES publications (id),
  id             text NOT NULL,
  caption        text NOT NULL DEFAULT '',
  credit         text NOT NULL DEFAULT '',
  photographer   text,                    -- a contributor name
  alt_text       text NOT NULL DEFAULT '',
  mime_type      text NOT NULL,
  width          integer NOT NULL,
  height         integer NOT NULL,
  size_bytes     bigint NOT NULL,
  sha256         text NOT NULL,
  bytes          bytea NOT NULL,
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (publication_id, id)
);

-- Large bytes are kept out of line, uncompressed (images are compressed already).
ALTER TABLE photos ALTER COLUMN bytes SET STORAGE EXTERNAL;
CREATE INDEX photos_create_time_idx ON photos (publication_id, create_time, id);

ALTER TABLE articles ADD COLUMN photos text[] NOT NULL DEFAULT '{}';
ALTER TABLE article_revisions ADD COLUMN photos text[] NOT NULL DEFAULT '{}';
CREATE INDEX articles_photos_idx ON articles USING gin (photos);
