-- Least privilege (docs/operations.md): `galley serve` connects as a role
-- that reads and writes the newsroom's data but cannot change the schema,
-- and can only append to the records that must never change once written:
-- the audit log, the change log and article revisions. Migrations run as
-- the role that owns the tables, which the service never uses.
--
-- The grants go to the group role galley_service; the login role that
-- `galley serve` uses is made a member of it by the operator:
--   CREATE ROLE galley_app LOGIN PASSWORD '...' IN ROLE galley_service;
-- Creating the group role needs CREATEROLE. Where migrations run without
-- it, an administrator creates it once beforehand:
--   CREATE ROLE galley_service NOLOGIN;
-- A migration that adds a table grants galley_service what the service
-- needs of it (migrations/README.md).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'galley_service') THEN
    CREATE ROLE galley_service NOLOGIN;
  END IF;
EXCEPTION
  -- Roles belong to the whole cluster: another database's migration may
  -- have created it a moment ago.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO galley_service', current_schema());
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO galley_service', current_schema());
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE
  ON publications, request_ids, service_secrets, issues, sections, contributors, articles, photos, access_tokens
  TO galley_service;
-- Append-only: what was recorded stays as it was recorded.
GRANT SELECT, INSERT ON article_revisions, audit_events, changes TO galley_service;
-- Read-only: `galley serve` checks the schema's version before it serves.
GRANT SELECT ON galley_schema_migrations, published_articles TO galley_service;
