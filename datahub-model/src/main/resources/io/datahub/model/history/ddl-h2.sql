-- Run history tables for H2 2.x (see docs/run-history.md). Index names are schema-qualified, as H2 allows.
-- Replace ${schema} with the schema name (e.g. ops). Timestamps hold UTC, to the millisecond.
-- Statements end with a semicolon at the end of a line; lines starting with -- are comments.

CREATE SCHEMA IF NOT EXISTS ${schema};

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
    started_at       TIMESTAMP(3),
    ended_at         TIMESTAMP(3),
    duration_ms      BIGINT,
    rows_read        BIGINT,
    rows_written     CHARACTER VARYING,
    error_category   VARCHAR(32),
    error_message    VARCHAR(4000),
    sla              VARCHAR(64),
    sla_status       VARCHAR(16),
    recorded_at      TIMESTAMP(3)  NOT NULL,
    PRIMARY KEY (run_id, attempt)
);

CREATE INDEX IF NOT EXISTS ${schema}.pipeline_runs_app_started ON ${schema}.pipeline_runs (app, started_at);

CREATE INDEX IF NOT EXISTS ${schema}.pipeline_runs_job_run ON ${schema}.pipeline_runs (job_run_id);

CREATE TABLE IF NOT EXISTS ${schema}.job_runs (
    job_run_id       VARCHAR(255)  NOT NULL,
    app              VARCHAR(255)  NOT NULL,
    job_id           VARCHAR(255)  NOT NULL,
    job_version      VARCHAR(64),
    run_date         DATE,
    status           VARCHAR(16)   NOT NULL,
    started_at       TIMESTAMP(3),
    ended_at         TIMESTAMP(3),
    duration_ms      BIGINT,
    pipelines_total  INTEGER       NOT NULL,
    succeeded        INTEGER       NOT NULL,
    failed           INTEGER       NOT NULL,
    skipped          INTEGER       NOT NULL,
    cancelled        INTEGER       NOT NULL,
    failed_pipelines CHARACTER VARYING,
    error_message    VARCHAR(4000),
    sla              VARCHAR(64),
    sla_status       VARCHAR(16),
    recorded_at      TIMESTAMP(3)  NOT NULL,
    PRIMARY KEY (job_run_id)
);

CREATE INDEX IF NOT EXISTS ${schema}.job_runs_app_started ON ${schema}.job_runs (app, started_at);
