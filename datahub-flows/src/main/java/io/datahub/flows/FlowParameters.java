package io.datahub.flows;

import java.util.List;

/**
 * The parameters of the generated flows: every value that differs between environments. Platform values are shared by
 * all applications in the {@value #PLATFORM_CONTEXT} parameter context; each application's context
 * ({@code datahub-<app>}) inherits it and adds the application's secrets. Defaults are the values of this repository's
 * docker-compose stack (docs/deployment.md); sensitive parameters never carry a value.
 */
public final class FlowParameters {

    /** The parameter context every application's context inherits. */
    public static final String PLATFORM_CONTEXT = "datahub";

    /** A parameter definition: a sensitive one has no value, ever. */
    public record Definition(String name, String description, boolean sensitive, String value) {
        public Definition {
            if (sensitive && value != null) {
                throw new IllegalArgumentException("sensitive parameter " + name + " must not carry a value");
            }
        }

        /** The reference a property value uses: {@code #{name}}. */
        public String ref() {
            return "#{" + name + "}";
        }
    }

    public static final Definition CONFIG_DIR = plain("datahub.config.dir",
            "The Data Hub config tree (common/, applications/<app>/<layer>/...) as NiFi sees it.", "/opt/datahub/config");
    public static final Definition DATA_ROOT = plain("datahub.data.root",
            "The data root: pipelines' relative paths resolve under <data root>/applications/<app>/<layer>/. NiFi writes landed files"
                    + " there and Spark reads them, so both must see it at this path (or give a URI Spark reads, such as hdfs:///datahub).",
            "/opt/datahub/data");
    public static final Definition INBOX_DIR = plain("datahub.inbox.dir",
            "Where upstream systems drop files, as <inbox>/<app>/<layer>/<path>; <path> is kept under the layer's data folder.",
            "/opt/datahub/landing/inbox");
    public static final Definition ARCHIVE_DIR = plain("datahub.archive.dir",
            "Where a dropped file is moved once NiFi has read it, as <archive>/<app>/<layer>/<path>.", "/opt/datahub/landing/archive");
    public static final Definition ERROR_DIR = plain("datahub.error.dir",
            "Where FlowFiles that could not be handled are written, as <errors>/<app>/<layer>/: unreadable or unwritable files, invalid"
                    + " definitions, runs that could not be recorded, failed jobs, undeliverable notifications.", "/opt/datahub/landing/errors");
    public static final Definition LIVY_URL = plain("datahub.livy.url", "Apache Livy's REST URL.", "http://livy:8998");
    public static final Definition JOB_JAR = plain("datahub.job.jar",
            "The Data Hub Spark job jar as Livy sees it (a path in livy.file.local-dir-whitelist, or an hdfs:/s3a: URI).",
            "/opt/datahub/jars/datahub-spark-job.jar");
    public static final Definition HISTORY_JDBC_URL = plain("datahub.history.jdbc.url",
            "JDBC URL of the run-history database (ops.pipeline_runs, ops.job_runs).", "jdbc:postgresql://postgres:5432/datahub");
    public static final Definition HISTORY_JDBC_DRIVER = plain("datahub.history.jdbc.driver",
            "JDBC driver class of the run-history database.", "org.postgresql.Driver");
    public static final Definition HISTORY_JDBC_DRIVER_LOCATIONS = plain("datahub.history.jdbc.driver.locations",
            "Where NiFi loads the JDBC driver from: a jar path or URL (without network access, copy the jar to NiFi's host and give"
                    + " its path).",
            "https://repo1.maven.org/maven2/org/postgresql/postgresql/" + BuildInfo.postgresqlVersion() + "/postgresql-"
                    + BuildInfo.postgresqlVersion() + ".jar");
    public static final Definition HISTORY_DB_USER = plain("datahub.history.db.user", "Run-history database user.", "datahub");
    public static final Definition HISTORY_DB_PASSWORD = sensitive("datahub.history.db.password", "Run-history database password.");
    public static final Definition HISTORY_SCHEMA = plain("datahub.history.schema",
            "Schema of the run-history tables (a database on MariaDB/MySQL).", "ops");
    public static final Definition TIME_ZONE = plain("datahub.time.zone",
            "Time zone of the schedules (cron) and of relative run dates such as today.", "UTC");
    public static final Definition SMTP_HOST = plain("datahub.smtp.host", "SMTP server for email notifications.", "localhost");
    public static final Definition SMTP_PORT = plain("datahub.smtp.port", "SMTP port.", "25");
    public static final Definition SMTP_USERNAME = plain("datahub.smtp.username", "SMTP user (empty: no authentication).", null);
    public static final Definition SMTP_PASSWORD = sensitive("datahub.smtp.password", "SMTP password.");
    public static final Definition SMTP_AUTH = plain("datahub.smtp.auth", "Whether to authenticate to the SMTP server (true/false).", "false");
    public static final Definition SMTP_STARTTLS = plain("datahub.smtp.starttls", "Whether to use STARTTLS (true/false).", "false");
    public static final Definition NOTIFY_FROM = plain("datahub.notify.from", "Sender address of email notifications.",
            "datahub@localhost");

    /** The platform context's parameters, in the order they are listed. */
    public static final List<Definition> PLATFORM = List.of(CONFIG_DIR, DATA_ROOT, INBOX_DIR, ARCHIVE_DIR, ERROR_DIR, LIVY_URL, JOB_JAR,
            HISTORY_JDBC_URL, HISTORY_JDBC_DRIVER, HISTORY_JDBC_DRIVER_LOCATIONS, HISTORY_DB_USER, HISTORY_DB_PASSWORD, HISTORY_SCHEMA,
            TIME_ZONE, SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_AUTH, SMTP_STARTTLS, NOTIFY_FROM);

    private FlowParameters() {
    }

    /** An application's parameter context. */
    public static String applicationContext(final String app) {
        return PLATFORM_CONTEXT + "-" + app;
    }

    /** A secret the application's pipelines reference (userSecretRef, secretRef): handed to Spark by the submitter service. */
    public static Definition pipelineSecret(final String name) {
        return sensitive(name, "Secret '" + name + "' the pipelines reference (userSecretRef/secretRef); reaches Spark as redacted"
                + " configuration spark.datahub.secret." + name + ".");
    }

    /**
     * The URL of a webhook the jobs name by urlSecretRef: sensitive, as it usually carries the webhook's token. PostWebhook
     * takes it in its sensitive property secret.&lt;ref&gt; (NiFi lets a sensitive parameter fill sensitive properties only).
     */
    public static Definition webhookUrl(final String secretName) {
        return sensitive(secretName, "URL of the webhook the jobs name by urlSecretRef '" + secretName + "' (it usually carries a"
                + " token); PostWebhook posts to it and never writes it to attributes, provenance or logs.");
    }

    private static Definition plain(final String name, final String description, final String value) {
        return new Definition(name, description, false, value);
    }

    private static Definition sensitive(final String name, final String description) {
        return new Definition(name, description, true, null);
    }
}
