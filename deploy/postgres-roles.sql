-- The roles of docs/operations.md "Least privilege", made by the postgres
-- image at its first start (compose.yaml mounts this file into
-- /docker-entrypoint-initdb.d). `galley` (POSTGRES_USER) owns the schema and
-- runs the migrations; the replicas log in as galley_app, a member of
-- galley_service, which migration 0014 grants what `galley serve` needs.
-- The password is compose's only: use a secret of your own anywhere else.
CREATE ROLE galley_service NOLOGIN;
CREATE ROLE galley_app LOGIN PASSWORD 'galley-app' IN ROLE galley_service;
