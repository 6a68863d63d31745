#!/bin/bash
# First start of the stack's PostgreSQL (docker-entrypoint-initdb.d): the databases and roles of the Data Hub stack.
# Passwords come from the environment (.env), never from this file.
#   datahub  run history (schema ops; NiFi's JdbcRunHistoryStore creates the tables), owner datahub
#   grafana  read-only on the run history, for the dashboards
#   metastore  the Spark Hive metastore, owner hive
#   crm      the customer sample's source database (table customer from src-test-data), read by crm_reader
set -euo pipefail
: "${DATAHUB_HISTORY_DB_PASSWORD:?}" "${GRAFANA_DB_PASSWORD:?}" "${HIVE_METASTORE_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v datahub_password="$DATAHUB_HISTORY_DB_PASSWORD" -v grafana_password="$GRAFANA_DB_PASSWORD" \
     -v hive_password="$HIVE_METASTORE_DB_PASSWORD" <<'SQL'
CREATE ROLE datahub LOGIN PASSWORD :'datahub_password';
CREATE ROLE grafana LOGIN PASSWORD :'grafana_password';
CREATE ROLE hive LOGIN PASSWORD :'hive_password';
CREATE ROLE crm_reader LOGIN;
CREATE DATABASE datahub OWNER datahub;
CREATE DATABASE metastore OWNER hive;
CREATE DATABASE crm;
SQL

# The run-history schema exists before NiFi creates its tables, so that Grafana's read access covers them.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname datahub <<'SQL'
CREATE SCHEMA ops AUTHORIZATION datahub;
GRANT CONNECT ON DATABASE datahub TO grafana;
GRANT USAGE ON SCHEMA ops TO grafana;
ALTER DEFAULT PRIVILEGES FOR ROLE datahub IN SCHEMA ops GRANT SELECT ON TABLES TO grafana;
SQL

# The customer sample's CRM table: the same seed the embedded mode loads into H2.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname crm -f /opt/datahub/samples/crm/crm_seed.sql
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname crm <<'SQL'
GRANT CONNECT ON DATABASE crm TO crm_reader;
GRANT USAGE ON SCHEMA public TO crm_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO crm_reader;
SQL

# crm_reader has no password: the sample pipelines' database source names no userSecretRef. It may connect to the
# sample database only, from the stack's network (this rule precedes the image's password rule).
sed -i '1i host crm crm_reader samenet trust' "$PGDATA/pg_hba.conf"
