package io.datahub.submit.livy;

import io.datahub.model.run.RunRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

final class LivyTestSupport {

    static final String JOB_JAR = "hdfs:///apps/datahub/datahub-spark-job.jar";
    static final String SECRET = "Sup3r-S3cret!x";

    private LivyTestSupport() {
    }

    static RunRequest request(String runId) {
        return new RunRequest(runId, 1, "job-7", "sales", "staging", "orders", LocalDate.of(2026, 1, 5),
                Map.of("region", "emea"), "/data", "<pipeline id=\"orders\"/>", null, null, null);
    }

    /**
     * Submits {@code runs} runs and follows them with two threads that only ever poll (no blocking call),
     * as NiFi's scheduler would; returns the finished submissions.
     */
    static java.util.List<io.datahub.submit.Submission> followWithTwoThreads(io.datahub.submit.SparkSubmitter submitter, int runs)
            throws Exception {
        java.util.concurrent.ConcurrentLinkedQueue<io.datahub.submit.Submission> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < runs; i++) {
            pending.add(submitter.submit(request("bulk-" + i)));
        }
        java.util.concurrent.ConcurrentLinkedQueue<io.datahub.submit.Submission> done = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<?>> loops = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                loops.add(threads.submit(() -> {
                    io.datahub.submit.Submission s;
                    while ((s = pending.poll()) != null) {
                        io.datahub.submit.Submission next = submitter.poll(s);
                        (next.isFinal() ? done : pending).add(next);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return java.util.List.copyOf(done);
    }

    static LivySettings.Builder settings(FakeLivyServer server) {
        return LivySettings.builder(server.url(), JOB_JAR)
                .requestTimeout(Duration.ofSeconds(10))
                .sparkConf("spark.sql.shuffle.partitions", "8")
                .driverMemory("1g")
                .executorMemory("2g")
                .executorCores(2)
                .numExecutors(3)
                .queue("etl")
                .secret("db.password", SECRET);
    }
}
