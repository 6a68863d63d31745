package io.datahub.nifi.services;

import io.datahub.model.run.PipelineResolver;
import io.datahub.model.run.RunRequest;
import io.datahub.model.validation.ConfigValidator;
import io.datahub.model.validation.ValidatedConfig;
import io.datahub.model.validation.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * The config tree of a directory, validated by {@code datahub-model}'s {@link ConfigValidator} and kept current: on
 * access, at most once per Reload Interval, the newest modification time and the number of files under the directory
 * are compared with those of the last load, and the tree is validated again when either changed. No background thread.
 */
@Tags({"datahub", "pipeline", "registry", "xml", "validation", "spark"})
@CapabilityDescription("Serves the pipeline, job and lookup definitions of a Data Hub config tree (config/applications/<app>/<layer>/...),"
        + " validated with both stages (XSD and semantic rules), and resolves a pipeline into a self-contained run request"
        + " (schemas and lookups inlined, parameters checked). Reloads the tree when its files change, checked at most once"
        + " per Reload Interval when a processor asks for it.")
public class StandardPipelineRegistry extends AbstractControllerService implements PipelineRegistry, VerifiableControllerService {

    public static final PropertyDescriptor CONFIG_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Config Directory")
            .description("The Data Hub config tree: the directory holding common/{schemas,lookups} and"
                    + " applications/<app>/<layer>/{pipelines,jobs,schemas,resources}.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, false))
            .build();

    public static final PropertyDescriptor DATA_ROOT = new PropertyDescriptor.Builder()
            .name("Data Root")
            .description("The data root the resolved run requests carry: relative paths of sources and targets resolve under"
                    + " <Data Root>/applications/<app>/<layer>/ as the Spark cluster sees it (a local path, or a URI such as"
                    + " hdfs:///data/datahub or s3a://bucket/datahub).")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor RELOAD_INTERVAL = new PropertyDescriptor.Builder()
            .name("Reload Interval")
            .description("How often, at most, the service checks whether files under the Config Directory changed (newest"
                    + " modification time and number of files) when a processor asks for the definitions; the tree is"
                    + " validated again only when they changed.")
            .required(true)
            .defaultValue("30 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CONFIG_DIRECTORY, DATA_ROOT, RELOAD_INTERVAL);

    static final String VERIFY_STEP = "Validate definitions";
    /** At most this many errors are listed one by one in a verification; the summary counts them all. */
    static final int MAX_VERIFY_ERRORS = 100;

    /** What was loaded, and the state of the directory it was loaded from. */
    private record Loaded(ValidatedConfig config, Fingerprint fingerprint, long checkedAtNanos) {
    }

    /** The newest modification time and the number of regular files under the config directory. */
    record Fingerprint(long newestModified, long files) {
    }

    private final ConfigValidator validator = new ConfigValidator();
    private final Object reloadLock = new Object();
    private volatile Path configDirectory;
    private volatile String dataRoot;
    private volatile long reloadIntervalNanos;
    private volatile Loaded loaded;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    /** Former property name -> current name (never remove an entry); none renamed yet. See {@link PropertyMigrations}. */
    static final Map<String, String> RENAMED_PROPERTIES = Map.of();

    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        PropertyMigrations.rename(config, RENAMED_PROPERTIES);
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        configDirectory = configDirectory(context);
        dataRoot = context.getProperty(DATA_ROOT).evaluateAttributeExpressions().getValue().strip();
        reloadIntervalNanos = context.getProperty(RELOAD_INTERVAL).asTimePeriod(TimeUnit.NANOSECONDS);
        synchronized (reloadLock) {
            loaded = load(configDirectory);
        }
    }

    @OnDisabled
    public void onDisabled() {
        loaded = null;
    }

    @Override
    public ValidatedConfig config() {
        Loaded current = loaded;
        if (current == null) {
            throw new IllegalStateException("pipeline registry " + getIdentifier() + " is not enabled");
        }
        if (System.nanoTime() - current.checkedAtNanos() < reloadIntervalNanos) {
            return current.config();
        }
        synchronized (reloadLock) {
            current = loaded;
            if (current == null) {
                throw new IllegalStateException("pipeline registry " + getIdentifier() + " is not enabled");
            }
            if (System.nanoTime() - current.checkedAtNanos() < reloadIntervalNanos) {
                return current.config();  // another thread checked meanwhile
            }
            Fingerprint now = fingerprint(configDirectory);
            if (now.equals(current.fingerprint())) {
                loaded = new Loaded(current.config(), now, System.nanoTime());
            } else {
                getLogger().info("Files under {} changed: validating the config tree again", configDirectory);
                loaded = load(configDirectory);
            }
            return loaded.config();
        }
    }

    @Override
    public RunRequest resolve(final String app, final String pipelineId, final String runId, final int attempt, final String jobRunId,
                              final LocalDate runDate, final Map<String, String> parameters) {
        return new PipelineResolver(config()).resolve(app, pipelineId, runId, attempt, jobRunId, runDate,
                parameters == null ? Map.of() : parameters, dataRoot);
    }

    @Override
    public String dataRoot() {
        if (dataRoot == null) {
            throw new IllegalStateException("pipeline registry " + getIdentifier() + " is not enabled");
        }
        return dataRoot;
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final Path directory = configDirectory(context);
        final ValidatedConfig config;
        try {
            config = validator.validate(directory);
        } catch (RuntimeException e) {
            verificationLogger.error("Cannot validate the config tree {}", directory, e);
            return List.of(result(ConfigVerificationResult.Outcome.FAILED, "cannot validate the config tree " + directory + ": " + e));
        }
        return results(config, directory);
    }

    @Override
    public List<ConfigVerificationResult> verifyDefinitions(final ComponentLog verificationLogger) {
        final Path directory = configDirectory;
        if (loaded == null || directory == null) {
            return List.of(result(ConfigVerificationResult.Outcome.FAILED, "pipeline registry " + getIdentifier() + " is not enabled"));
        }
        final ValidatedConfig config;
        try {
            config = config();
        } catch (RuntimeException e) {
            verificationLogger.error("Cannot validate the config tree {}", directory, e);
            return List.of(result(ConfigVerificationResult.Outcome.FAILED, "cannot validate the config tree " + directory + ": " + e));
        }
        return results(config, directory);
    }

    private static List<ConfigVerificationResult> results(final ValidatedConfig config, final Path directory) {
        if (config.isValid()) {
            return List.of(result(ConfigVerificationResult.Outcome.SUCCESSFUL,
                    config.filesChecked() + " definition files valid in " + directory));
        }
        final List<ConfigVerificationResult> results = new ArrayList<>();
        results.add(result(ConfigVerificationResult.Outcome.FAILED, summary(config, directory)));
        config.errors().stream().limit(MAX_VERIFY_ERRORS)
                .forEach(error -> results.add(result(ConfigVerificationResult.Outcome.FAILED, error.format())));
        if (config.errors().size() > MAX_VERIFY_ERRORS) {
            results.add(result(ConfigVerificationResult.Outcome.FAILED,
                    (config.errors().size() - MAX_VERIFY_ERRORS) + " more errors not listed"));
        }
        return results;
    }

    private Loaded load(final Path directory) {
        // The fingerprint is taken first: a change made while validating is picked up by the next check.
        final Fingerprint fingerprint = fingerprint(directory);
        final ValidatedConfig config = validator.validate(directory);
        if (config.isValid()) {
            getLogger().info("Loaded {} valid definition files from {}", config.filesChecked(), directory);
        } else {
            // One warning (a bulletin) for the tree; the pipelines of files with errors are refused when resolved.
            getLogger().warn("{}:\n{}", summary(config, directory),
                    String.join("\n", config.errors().stream().limit(MAX_VERIFY_ERRORS).map(ValidationError::format).toList()));
        }
        return new Loaded(config, fingerprint, System.nanoTime());
    }

    private static String summary(final ValidatedConfig config, final Path directory) {
        final int errors = config.errors().size();
        return errors + " validation error" + (errors == 1 ? "" : "s") + " in " + config.invalidFiles() + " of "
                + config.filesChecked() + " definition files in " + directory;
    }

    /** The newest modification time and the number of regular files under the directory (0, 0 when it is missing). */
    static Fingerprint fingerprint(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return new Fingerprint(0, 0);
        }
        final long[] newest = {0};
        final BiPredicate<Path, BasicFileAttributes> regular = (path, attributes) -> {
            if (attributes.isRegularFile()) {
                newest[0] = Math.max(newest[0], attributes.lastModifiedTime().toMillis());
                return true;
            }
            return false;
        };
        try (Stream<Path> files = Files.find(directory, Integer.MAX_VALUE, regular)) {
            final long count = files.count();
            return new Fingerprint(newest[0], count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files under " + directory, e);
        }
    }

    private static Path configDirectory(final PropertyContext context) {
        return Path.of(context.getProperty(CONFIG_DIRECTORY).evaluateAttributeExpressions().getValue().strip())
                .toAbsolutePath().normalize();
    }

    private static ConfigVerificationResult result(final ConfigVerificationResult.Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder()
                .verificationStepName(VERIFY_STEP)
                .outcome(outcome)
                .explanation(explanation)
                .build();
    }
}
