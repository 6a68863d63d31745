package io.datahub.flows.catalog;

import io.datahub.flows.BuildInfo;
import io.datahub.flows.catalog.ComponentType.ServiceApi;

/**
 * Every component the generated flows use, in one place: type, bundle, the names of the properties the generator sets
 * and of the relationships it connects. The generator takes names only from here; the check in this module's tests
 * compares every generated definition with the components' real descriptors (this bundle's classes, and NiFi 2.8's
 * standard components as recorded from NiFi's documentation in {@code nifi-2.8-standard-components.json}).
 */
public final class ComponentCatalog {

    private ComponentCatalog() {
    }

    /** The NARs the components come from. */
    public static final class Bundles {
        private static final String NIFI = "org.apache.nifi";

        public static final BundleCoordinate NIFI_STANDARD = new BundleCoordinate(NIFI, "nifi-standard-nar", BuildInfo.nifiVersion());
        public static final BundleCoordinate NIFI_DBCP = new BundleCoordinate(NIFI, "nifi-dbcp-service-nar", BuildInfo.nifiVersion());
        public static final BundleCoordinate NIFI_SERVICES_API =
                new BundleCoordinate(NIFI, "nifi-standard-services-api-nar", BuildInfo.nifiVersion());
        public static final BundleCoordinate DATAHUB = new BundleCoordinate("io.datahub", "nifi-datahub-nar", BuildInfo.datahubVersion());

        private Bundles() {
        }
    }

    /**
     * FlowFile attributes the flows route on. Those of this bundle's processors are {@code DatahubAttributes}' (the check
     * compares them).
     */
    public static final class Attributes {
        public static final String APP = "datahub.app";
        public static final String PIPELINE_ID = "datahub.pipeline.id";
        public static final String JOB_RUN_ID = "datahub.job.run.id";
        /** The job a job-run FlowFile names (PipelineScheduler's {@code jobs}, JobPipelineRunner's input). */
        public static final String JOB_ID = "datahub.job.id";
        /** {@code email} or {@code webhook} on a notification FlowFile. */
        public static final String NOTIFY_CHANNEL = "datahub.notify.channel";
        public static final String NOTIFY_TO = "datahub.notify.to";
        /** A one-line subject of the notification. */
        public static final String NOTIFY_SUBJECT = "datahub.notify.subject";

        private Attributes() {
        }
    }

    // ---- NiFi standard processors (nifi-standard-nar) -------------------------------------------------------------

    public static final class ListFile {
        public static final ComponentType TYPE = ComponentType.processor("org.apache.nifi.processors.standard.ListFile", Bundles.NIFI_STANDARD);
        public static final Property INPUT_DIRECTORY = Property.of("Input Directory");
        public static final Property RECURSE_SUBDIRECTORIES = Property.of("Recurse Subdirectories");
        public static final Property FILE_FILTER = Property.of("File Filter");
        public static final Property MINIMUM_FILE_AGE = Property.of("Minimum File Age");
        public static final String SUCCESS = "success";

        private ListFile() {
        }
    }

    public static final class FetchFile {
        public static final ComponentType TYPE = ComponentType.processor("org.apache.nifi.processors.standard.FetchFile", Bundles.NIFI_STANDARD);
        public static final Property FILE_TO_FETCH = Property.of("File to Fetch");
        public static final Property COMPLETION_STRATEGY = Property.of("Completion Strategy");
        public static final Property MOVE_DESTINATION_DIRECTORY = Property.of("Move Destination Directory");
        public static final Property MOVE_CONFLICT_STRATEGY = Property.of("Move Conflict Strategy");
        public static final String SUCCESS = "success";
        public static final String NOT_FOUND = "not.found";
        public static final String PERMISSION_DENIED = "permission.denied";
        public static final String FAILURE = "failure";

        private FetchFile() {
        }
    }

    public static final class PutFile {
        public static final ComponentType TYPE = ComponentType.processor("org.apache.nifi.processors.standard.PutFile", Bundles.NIFI_STANDARD);
        public static final Property DIRECTORY = Property.of("Directory");
        public static final Property CONFLICT_RESOLUTION_STRATEGY = Property.of("Conflict Resolution Strategy");
        public static final Property CREATE_MISSING_DIRECTORIES = Property.of("Create Missing Directories");
        public static final String SUCCESS = "success";
        public static final String FAILURE = "failure";

        private PutFile() {
        }
    }

    /** Routes by user-defined properties: each property is an Expression Language condition and a relationship. */
    public static final class RouteOnAttribute {
        public static final ComponentType TYPE =
                ComponentType.processor("org.apache.nifi.processors.standard.RouteOnAttribute", Bundles.NIFI_STANDARD);
        public static final Property ROUTING_STRATEGY = Property.of("Routing Strategy");
        public static final String ROUTE_TO_PROPERTY_NAME = "Route to Property name";
        public static final String UNMATCHED = "unmatched";

        private RouteOnAttribute() {
        }
    }

    public static final class PutEmail {
        public static final ComponentType TYPE = ComponentType.processor("org.apache.nifi.processors.standard.PutEmail", Bundles.NIFI_STANDARD);
        public static final Property SMTP_HOSTNAME = Property.of("SMTP Hostname");
        public static final Property SMTP_PORT = Property.of("SMTP Port");
        public static final Property SMTP_USERNAME = Property.of("SMTP Username");
        public static final Property SMTP_PASSWORD = Property.sensitive("SMTP Password");
        public static final Property SMTP_AUTH = Property.of("SMTP Auth");
        public static final Property SMTP_TLS = Property.of("SMTP TLS");
        public static final Property FROM = Property.of("From");
        public static final Property TO = Property.of("To");
        public static final Property SUBJECT = Property.of("Subject");
        public static final Property CONTENT_AS_MESSAGE = Property.of("email-ff-content-as-message");
        public static final String SUCCESS = "success";
        public static final String FAILURE = "failure";

        private PutEmail() {
        }
    }

    // ---- NiFi standard controller services -------------------------------------------------------------------------

    public static final class DBCPConnectionPool {
        public static final ServiceApi DBCP_SERVICE = new ServiceApi("org.apache.nifi.dbcp.DBCPService", Bundles.NIFI_SERVICES_API);
        public static final ComponentType TYPE = ComponentType.service("org.apache.nifi.dbcp.DBCPConnectionPool", Bundles.NIFI_DBCP, DBCP_SERVICE);
        public static final Property DATABASE_CONNECTION_URL = Property.of("Database Connection URL");
        public static final Property DATABASE_DRIVER_CLASS_NAME = Property.of("Database Driver Class Name");
        public static final Property DATABASE_DRIVER_LOCATIONS = Property.of("Database Driver Locations");
        public static final Property DATABASE_USER = Property.of("Database User");
        public static final Property PASSWORD = Property.sensitive("Password");

        private DBCPConnectionPool() {
        }
    }

    // ---- This bundle (nifi-datahub-nar) ----------------------------------------------------------------------------

    private static final String SERVICES = "io.datahub.nifi.services.";
    private static final String PROCESSORS = "io.datahub.nifi.processors.";

    public static final class StandardPipelineRegistry {
        public static final ServiceApi API = new ServiceApi(SERVICES + "PipelineRegistry", Bundles.DATAHUB);
        public static final ComponentType TYPE = ComponentType.service(SERVICES + "StandardPipelineRegistry", Bundles.DATAHUB, API);
        public static final Property CONFIG_DIRECTORY = Property.of("Config Directory");
        public static final Property DATA_ROOT = Property.of("Data Root");

        private StandardPipelineRegistry() {
        }
    }

    public static final class LivyBatchSubmitterService {
        public static final ServiceApi API = new ServiceApi(SERVICES + "SparkSubmitterService", Bundles.DATAHUB);
        public static final ComponentType TYPE = ComponentType.service(SERVICES + "LivyBatchSubmitterService", Bundles.DATAHUB, API);
        public static final Property LIVY_URL = Property.of("Livy URL");
        public static final Property JOB_JAR = Property.of("Job Jar");
        /** {@code secret.<name>}: a secret the pipelines reference, handed to Spark as redacted configuration. */
        public static final String SECRET_PREFIX = "secret.";

        public static Property secret(final String name) {
            return Property.dynamic(SECRET_PREFIX + name, true);
        }

        private LivyBatchSubmitterService() {
        }
    }

    public static final class JdbcRunHistoryStore {
        public static final ServiceApi API = new ServiceApi(SERVICES + "RunHistoryStore", Bundles.DATAHUB);
        public static final ComponentType TYPE = ComponentType.service(SERVICES + "JdbcRunHistoryStore", Bundles.DATAHUB, API);
        public static final Property DATABASE_CONNECTION_POOLING_SERVICE = Property.service("Database Connection Pooling Service");
        public static final Property SCHEMA_NAME = Property.of("Schema Name");
        public static final Property CREATE_TABLES = Property.of("Create Tables");

        private JdbcRunHistoryStore() {
        }
    }

    public static final class XmlPipelineLoader {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "XmlPipelineLoader", Bundles.DATAHUB);
        public static final Property PIPELINE_REGISTRY = Property.service("Pipeline Registry");
        public static final String VALID = "valid";
        public static final String INVALID = "invalid";

        private XmlPipelineLoader() {
        }
    }

    public static final class SparkPipelineSubmit {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "SparkPipelineSubmit", Bundles.DATAHUB);
        public static final Property SPARK_SUBMITTER = Property.service("Spark Submitter");
        public static final Property POLLING_INTERVAL = Property.of("Polling Interval");
        /** Runs on {@code running} are penalized; the processor's penalty must not exceed the Polling Interval. */
        public static final String POLLING_INTERVAL_VALUE = "5 sec";
        public static final String SUCCESS = "success";
        public static final String FAILURE = "failure";
        public static final String RUNNING = "running";
        public static final String RETRY = "retry";

        private SparkPipelineSubmit() {
        }
    }

    public static final class RunRecorder {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "RunRecorder", Bundles.DATAHUB);
        public static final Property RUN_HISTORY_STORE = Property.service("Run History Store");
        public static final String SUCCESS = "success";
        public static final String FAILURE = "failure";
        public static final String RETRY = "retry";

        private RunRecorder() {
        }
    }

    /**
     * Runs job pipelines: job-run and completion FlowFiles in, one FlowFile per ready pipeline run out. A cancel request
     * ({@code datahub.job.action=cancel}) comes in on the same connection; the flows leave sending one to the operator.
     */
    public static final class JobPipelineRunner {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "JobPipelineRunner", Bundles.DATAHUB);
        public static final Property PIPELINE_REGISTRY = Property.service("Pipeline Registry");
        public static final Property RUN_HISTORY_STORE = Property.service("Run History Store");
        public static final Property TIME_ZONE = Property.of("Time Zone");
        public static final Property MAX_CONCURRENT_RUNS_PER_JOB = Property.of("Max Concurrent Runs per Job");
        public static final String PIPELINES = "pipelines";
        public static final String JOB_COMPLETED = "job completed";
        public static final String JOB_FAILED = "job failed";
        public static final String NOTIFICATIONS = "notifications";
        public static final String FAILURE = "failure";
        /** Job requests once accepted, completions once applied. */
        public static final String ORIGINAL = "original";

        private JobPipelineRunner() {
        }
    }

    /** Emits job-run and pipeline-run FlowFiles when their schedules are due. */
    public static final class PipelineScheduler {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "PipelineScheduler", Bundles.DATAHUB);
        public static final Property PIPELINE_REGISTRY = Property.service("Pipeline Registry");
        public static final Property TIME_ZONE = Property.of("Time Zone");
        /** Comma-separated applications whose schedules are emitted (empty: all of the registry). */
        public static final Property APPLICATIONS = Property.of("Applications");
        public static final String JOBS = "jobs";
        public static final String PIPELINES = "pipelines";

        private PipelineScheduler() {
        }
    }

    /**
     * POSTs notifications to webhooks. A webhook named by {@code urlSecretRef} gets its URL from the sensitive dynamic
     * property {@code secret.<ref>}; one with a plain {@code url} is posted to {@code datahub.notify.url}.
     */
    public static final class PostWebhook {
        public static final ComponentType TYPE = ComponentType.processor(PROCESSORS + "PostWebhook", Bundles.DATAHUB);
        /** {@code secret.<ref>}: the URL of the webhook a job names by {@code urlSecretRef="<ref>"}. */
        public static final String SECRET_PREFIX = "secret.";
        public static final String SUCCESS = "success";
        public static final String RETRY = "retry";
        public static final String FAILURE = "failure";

        public static Property secret(final String ref) {
            return Property.dynamic(SECRET_PREFIX + ref, true);
        }

        private PostWebhook() {
        }
    }
}
