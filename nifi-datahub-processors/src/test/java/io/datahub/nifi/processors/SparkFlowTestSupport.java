package io.datahub.nifi.processors;

import io.datahub.model.testing.TestFiles;
import io.datahub.nifi.services.SparkLauncherSubmitterService;
import io.datahub.submit.launcher.SparkHome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * Real Spark for the processors' chained tests (RetailChainOnSparkTest, JobFlowSparkTest, JobFlowCustomerSparkTest,
 * JobPolicySparkTest):
 * SparkPipelineSubmit with a SparkLauncherSubmitterService running the real job jar (datahub-spark-job's shaded
 * {@code -job} jar) through the SPARK_HOME datahub-submit's build assembles, on a JDK 17-21 ({@link SparkHome}, from
 * datahub-submit's test jar; this module's pom points it at datahub-submit/target), in local mode; the Spark settings of
 * small runs and of a Hive catalog shared by runs; the sample inputs. Outputs are compared with {@link CsvRows}.
 */
final class SparkFlowTestSupport {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path TEST_DATA = REPO.resolve("src-test-data");

    private SparkFlowTestSupport() {
    }

    /** Spark configuration for small local runs: no UI, little memory, UTC, few partitions. */
    static Map<String, String> smallRuns() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.memory", "768m");
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.sql.session.timeZone", "UTC");
        return conf;
    }

    /**
     * The Hive catalog the pipelines' hive sources and targets use, shared by the runs (each spark-submit is its own JVM;
     * a cluster has its metastore): a Derby metastore and the warehouse under {@code catalog}. Derby is single-writer, so
     * runs using it must not overlap.
     */
    static Map<String, String> hiveCatalog(Path catalog) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.catalogImplementation", "hive");
        conf.put("spark.sql.warehouse.dir", catalog.resolve("warehouse").toString());
        conf.put("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + catalog.resolve("metastore_db") + ";create=true");
        conf.put("spark.driver.extraJavaOptions", "-Dderby.system.home=" + catalog);
        return conf;
    }

    /** Small runs with a Hive catalog under {@code catalog}. */
    static Map<String, String> smallRunsWithHive(Path catalog) {
        Map<String, String> conf = smallRuns();
        conf.putAll(hiveCatalog(catalog));
        return conf;
    }

    /**
     * SparkPipelineSubmit with a SparkLauncherSubmitterService (controller service "launcher") on {@code local[2]}, polling
     * on every trigger.
     *
     * @param sparkConf the spark.* properties
     * @param secrets   the pipelines' secrets by name (secret.&lt;name&gt; properties)
     */
    static TestRunner sparkSubmit(Path workDirectory, Map<String, String> sparkConf, Map<String, String> secrets)
            throws InitializationException {
        TestRunner runner = TestRunners.newTestRunner(SparkPipelineSubmit.class);
        SparkLauncherSubmitterService service = new SparkLauncherSubmitterService();
        runner.addControllerService("launcher", service);
        runner.setProperty(service, SparkLauncherSubmitterService.SPARK_HOME, SparkHome.path().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.MASTER, "local[2]");
        runner.setProperty(service, SparkLauncherSubmitterService.DEPLOY_MODE, "client");
        runner.setProperty(service, SparkLauncherSubmitterService.JAVA_HOME, SparkHome.sparkJavaHome().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.JOB_JAR, SparkHome.jobJar().toString());
        runner.setProperty(service, SparkLauncherSubmitterService.WORK_DIRECTORY, workDirectory.toString());
        sparkConf.forEach((key, value) -> runner.setProperty(service, key, value));
        secrets.forEach((name, value) -> runner.setProperty(service, "secret." + name, value));
        runner.enableControllerService(service);
        runner.setProperty(SparkPipelineSubmit.SPARK_SUBMITTER, "launcher");
        runner.setProperty(SparkPipelineSubmit.POLL_INTERVAL, "0 sec");
        runner.setProperty(SparkPipelineSubmit.RUN_TIMEOUT, "10 min");
        return runner;
    }

    /** Disables the launcher service: a run still followed (after a failed assertion) is killed. */
    static void stop(TestRunner sparkSubmit) {
        if (sparkSubmit != null && sparkSubmit.getControllerService("launcher") != null) {
            sparkSubmit.disableControllerService(sparkSubmit.getControllerService("launcher"));
        }
    }

    /** As the CLI's demo seeds them: an application's landing and reference files under its staging layer. */
    static void seedInputs(String app, Path dataRoot) throws IOException {
        TestFiles.seedSampleInputs(TEST_DATA, app, dataRoot);
    }
}
