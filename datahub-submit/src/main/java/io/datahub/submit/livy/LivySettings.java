package io.datahub.submit.livy;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach Livy and what to ask it for. Shared by {@link LivyBatchSubmitter} and {@link LivySessionSubmitter}.
 *
 * @param url            Livy's base URL, e.g. {@code http://livy:8998} or a gateway path such as
 *                       {@code https://knox/gateway/default/livy/v1}
 * @param requestTimeout connect and request timeout of every HTTP call (default 30 s)
 * @param jobJar         the job jar as Livy's cluster sees it (hdfs:/, s3a:/, or a local path in
 *                       {@code livy.file.local-dir-whitelist})
 * @param className      main class of batches (default {@value #DEFAULT_CLASS_NAME})
 * @param sparkConf      Spark configuration sent with every batch or session
 * @param driverMemory   e.g. {@code 2g}, or null for Livy's default
 * @param executorMemory e.g. {@code 4g}, or null
 * @param executorCores  or null
 * @param numExecutors   or null
 * @param queue          YARN queue, or null
 * @param proxyUser      user to impersonate, or null
 * @param secrets        secret values by name, sent as Spark configuration {@code spark.datahub.secret.<name>} (which
 *                       Spark redacts in its UI and logs); never logged, never in a message or a {@code Submission}
 * @param auth           how to authenticate (default {@link LivyAuth#none()})
 * @param sslContext     for https URLs with a private CA or client certificates, or null for the JDK default
 */
public record LivySettings(URI url, Duration requestTimeout, String jobJar, String className, Map<String, String> sparkConf,
                           String driverMemory, String executorMemory, Integer executorCores, Integer numExecutors,
                           String queue, String proxyUser, Map<String, String> secrets, LivyAuth auth, SSLContext sslContext) {

    public static final String DEFAULT_CLASS_NAME = "io.datahub.spark.DatahubJob";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Prefix of the Spark configuration keys carrying secrets; the job reads them from there. */
    public static final String SECRET_CONF_PREFIX = io.datahub.model.run.RunRequest.SECRET_CONF_PREFIX;

    public LivySettings {
        Objects.requireNonNull(url, "Livy url");
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("Livy url must be http or https: " + url);
        }
        if (jobJar == null || jobJar.isBlank()) {
            throw new IllegalArgumentException("the job jar (as Livy's cluster sees it) is required");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        className = className == null || className.isBlank() ? DEFAULT_CLASS_NAME : className;
        sparkConf = copy(sparkConf);
        secrets = copy(secrets);
        auth = auth == null ? LivyAuth.none() : auth;
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The Spark configuration to send: {@link #sparkConf()} plus each secret under {@value #SECRET_CONF_PREFIX}. */
    public Map<String, String> confWithSecrets() {
        Map<String, String> conf = new LinkedHashMap<>(sparkConf);
        secrets.forEach((name, value) -> conf.put(SECRET_CONF_PREFIX + name, value));
        return conf;
    }

    /** Without secret values. */
    @Override
    public String toString() {
        return "LivySettings[url=" + url + ", requestTimeout=" + requestTimeout + ", jobJar=" + jobJar + ", className=" + className
                + ", sparkConf=" + sparkConf.keySet() + ", driverMemory=" + driverMemory + ", executorMemory=" + executorMemory
                + ", executorCores=" + executorCores + ", numExecutors=" + numExecutors + ", queue=" + queue
                + ", proxyUser=" + proxyUser + ", secrets=" + secrets.keySet() + ", auth=" + auth
                + ", sslContext=" + (sslContext == null ? "default" : "custom") + "]";
    }

    public static Builder builder(URI url, String jobJar) {
        return new Builder(url, jobJar);
    }

    /** Builds settings; everything but the URL and the job jar is optional. */
    public static final class Builder {
        private final URI url;
        private final String jobJar;
        private Duration requestTimeout;
        private String className;
        private Map<String, String> sparkConf = new LinkedHashMap<>();
        private String driverMemory;
        private String executorMemory;
        private Integer executorCores;
        private Integer numExecutors;
        private String queue;
        private String proxyUser;
        private Map<String, String> secrets = new LinkedHashMap<>();
        private LivyAuth auth;
        private SSLContext sslContext;

        private Builder(URI url, String jobJar) {
            this.url = url;
            this.jobJar = jobJar;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder className(String value) {
            className = value;
            return this;
        }

        public Builder sparkConf(Map<String, String> value) {
            sparkConf = new LinkedHashMap<>(value);
            return this;
        }

        public Builder sparkConf(String key, String value) {
            sparkConf.put(key, value);
            return this;
        }

        public Builder driverMemory(String value) {
            driverMemory = value;
            return this;
        }

        public Builder executorMemory(String value) {
            executorMemory = value;
            return this;
        }

        public Builder executorCores(Integer value) {
            executorCores = value;
            return this;
        }

        public Builder numExecutors(Integer value) {
            numExecutors = value;
            return this;
        }

        public Builder queue(String value) {
            queue = value;
            return this;
        }

        public Builder proxyUser(String value) {
            proxyUser = value;
            return this;
        }

        public Builder secrets(Map<String, String> value) {
            secrets = new LinkedHashMap<>(value);
            return this;
        }

        public Builder secret(String name, String value) {
            secrets.put(name, value);
            return this;
        }

        public Builder auth(LivyAuth value) {
            auth = value;
            return this;
        }

        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        public LivySettings build() {
            return new LivySettings(url, requestTimeout, jobJar, className, sparkConf, driverMemory, executorMemory, executorCores,
                    numExecutors, queue, proxyUser, secrets, auth, sslContext);
        }
    }
}
