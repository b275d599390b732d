-- Access tokens and the audit log (DESIGN.md §1 "Roles").

-- A token's secret is never stored: only its SHA-256, which is what a
-- presented bearer token is looked up by.
CREATE TABLE access_tokens (
  id           text PRIMARY KEY,
  principal    text NOT NULL,
  role         text NOT NULL CHECK (role IN ('reader', 'reporter', 'editor', 'publisher', 'admin')),
  secret_hash  text NOT NULL UNIQUE,
  create_time  timestamptz NOT NULL DEFAULT clock_timestamp(),
  expire_time  timestamptz,
  revoke_time  timestamptz,
  creator      text NOT NULL
);

CREATE INDEX access_tokens_create_time_idx ON access_tokens (create_time, id);

-- One row per mutation: written in the transaction of the change it records
-- when the change succeeds, on its own when it fails. Rows are only inserted.
CREATE TABLE audit_events (
  id          bigserial PRIMARY KEY,
  time        timestamptz NOT NULL DEFAULT clock_timestamp(),
  principal   text NOT NULL,
  role        text NOT NULL,
  method      text NOT NULL,
  resource    text NOT NULL,
  request_id  text NOT NULL DEFAULT '',
  outcome     text NOT NULL
);

CREATE INDEX audit_events_time_idx ON audit_events (time, id);
CREATE INDEX audit_events_resource_idx ON audit_events (resource, time, id);
CREATE INDEX audit_events_principal_idx ON audit_events (principal, time, id);
