-- Run history tables for MariaDB and MySQL (see docs/run-history.md).
-- Replace ${schema} with the database name (e.g. ops); a MySQL "schema" is a database.
-- Timestamps are DATETIME(3) holding UTC: TIMESTAMP would convert through the session time zone
-- (shifting values in DST gaps) and ends in 2038. Indexes are declared inline because MySQL has no
-- CREATE INDEX IF NOT EXISTS. utf8mb4_bin keeps keys case-sensitive, as on PostgreSQL and H2.
-- Statements end with a semicolon at the end of a line; lines starting with -- are comments.

CREATE DATABASE IF NOT EXISTS ${schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${schema}.pipeline_runs (
    run_id           VARCHAR(255)  NOT NULL,
    attempt          INTEGER       NOT NULL,
    job_run_id       VARCHAR(255),
    app              VARCHAR(255)  NOT NULL,
    layer            VARCHAR(64),
    pipeline_id      VARCHAR(255)  NOT NULL,
    pipeline_version VARCHAR(64),
    run_date         DATE,
    submit_mode      VARCHAR(32),
    spark_app_id     VARCHAR(255),
    status           VARCHAR(16)   NOT NULL,
    started_at       DATETIME(3),
    ended_at         DATETIME(3),
    duration_ms      BIGINT,
    rows_read        BIGINT,
    rows_written     TEXT,
    error_category   VARCHAR(32),
    error_message    VARCHAR(4000),
    sla              VARCHAR(64),
    sla_status       VARCHAR(16),
    recorded_at      DATETIME(3)   NOT NULL,
    PRIMARY KEY (run_id, attempt),
    KEY pipeline_runs_app_started (app, started_at),
    KEY pipeline_runs_job_run (job_run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${schema}.job_runs (
    job_run_id       VARCHAR(255)  NOT NULL,
    app              VARCHAR(255)  NOT NULL,
    job_id           VARCHAR(255)  NOT NULL,
    job_version      VARCHAR(64),
    run_date         DATE,
    status           VARCHAR(16)   NOT NULL,
    started_at       DATETIME(3),
    ended_at         DATETIME(3),
    duration_ms      BIGINT,
    pipelines_total  INTEGER       NOT NULL,
    succeeded        INTEGER       NOT NULL,
    failed           INTEGER       NOT NULL,
    skipped          INTEGER       NOT NULL,
    cancelled        INTEGER       NOT NULL,
    failed_pipelines MEDIUMTEXT,
    error_message    VARCHAR(4000),
    sla              VARCHAR(64),
    sla_status       VARCHAR(16),
    recorded_at      DATETIME(3)   NOT NULL,
    PRIMARY KEY (job_run_id),
    KEY job_runs_app_started (app, started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
