package io.datahub.model.validation;

import io.datahub.model.definition.Located;
import io.datahub.model.definition.Metadata;
import io.datahub.model.definition.ParameterDeclaration;
import io.datahub.model.definition.ParameterType;
import io.datahub.model.schedule.CronSchedule;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.semver4j.Semver;

/** Rules shared by pipelines and jobs: semver version, ISO-8601 SLA, 5-field cron schedule, parameter declarations. */
final class MetadataChecks {

    /** Parameters every run has; declaring one again is an error. */
    static final Set<String> BUILT_IN_PARAMETERS = Set.of("runDate", "runId", "app", "layer", "dataRoot");

    private MetadataChecks() {
    }

    static void version(String version, Located root, ErrorCollector errors) {
        if (Semver.parse(version) == null) {
            errors.at(root, "version '" + version + "' is not a semantic version major.minor.patch (e.g. "
                    + suggestion(version) + ")");
        }
    }

    private static String suggestion(String version) {
        if (version.matches("\\d+")) {
            return version + ".0.0";
        }
        if (version.matches("\\d+\\.\\d+")) {
            return version + ".0";
        }
        return "1.0.0";
    }

    static void metadata(Metadata metadata, ErrorCollector errors) {
        if (metadata == null) {
            return;
        }
        if (metadata.sla() != null) {
            String sla = metadata.sla().text();
            parseDuration(sla).ifPresentOrElse(d -> {
                if (d.isZero() || d.isNegative()) {
                    errors.at(metadata.sla(), metadata, "sla '" + sla + "' must be a positive duration");
                }
            }, () -> errors.at(metadata.sla(), metadata, "sla '" + sla
                    + "' is not an ISO-8601 duration (e.g. PT30M, PT2H, P1D)"));
        }
        if (metadata.schedule() != null) {
            String cron = metadata.schedule().text();
            String problem = CronSchedule.problem(cron);
            if (problem != null) {
                errors.at(metadata.schedule(), metadata, "schedule '" + cron + "' " + problem);
            }
        }
    }

    /** ISO-8601 durations as java.time reads them (days, hours, minutes, seconds; no years or months). */
    static java.util.Optional<Duration> parseDuration(String text) {
        try {
            return java.util.Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** Checks declarations and returns the declared names plus the built-ins. */
    static Set<String> parameters(List<ParameterDeclaration> declarations, ErrorCollector errors) {
        Set<String> names = new HashSet<>(BUILT_IN_PARAMETERS);
        Set<String> declared = new HashSet<>();
        for (ParameterDeclaration p : declarations) {
            if (BUILT_IN_PARAMETERS.contains(p.name())) {
                errors.at(p, "parameter '" + p.name() + "' is built in and cannot be declared");
                continue;
            }
            if (!declared.add(p.name())) {
                errors.at(p, "parameter '" + p.name() + "' is declared twice");
            }
            names.add(p.name());
            if (p.defaultValue() != null) {
                try {
                    ParameterType.fromXml(p.type()).parse(p.defaultValue(), LocalDate.of(2000, 1, 1));
                } catch (IllegalArgumentException e) {
                    errors.at(p, "default of parameter '" + p.name() + "': " + e.getMessage());
                }
            }
        }
        return names;
    }
}
