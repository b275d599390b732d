-- Publications, the idempotency record of request ids, and the secret that
-- signs page tokens (shared by every replica through the database).

CREATE TABLE publications (
  id           text PRIMARY KEY,
  display_name text NOT NULL,
  language     text NOT NULL,
  time_zone    text NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Keyset pagination orders by one of these and breaks ties by id.
CREATE INDEX publications_display_name_idx ON publications (display_name, id);
CREATE INDEX publications_create_time_idx ON publications (create_time, id);

-- A retried call with the same request id returns what the first produced.
-- The row is written in the same transaction as the change it records.
CREATE TABLE request_ids (
  method        text NOT NULL,
  request_id    text NOT NULL,
  fingerprint   bytea NOT NULL,
  resource_name text NOT NULL,
  create_time   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (method, request_id)
);

CREATE TABLE service_secrets (
  name   text PRIMARY KEY,
  secret bytea NOT NULL
);

-- 32 random bytes, from PostgreSQL's strong random source (gen_random_uuid).
INSERT INTO service_secrets (name, secret)
VALUES ('page_token', sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));
