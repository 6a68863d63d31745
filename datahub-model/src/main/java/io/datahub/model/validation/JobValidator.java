package io.datahub.model.validation;

import io.datahub.model.config.Layer;
import io.datahub.model.definition.EmailNotification;
import io.datahub.model.definition.JobPipelineDefinition;
import io.datahub.model.definition.Notification;
import io.datahub.model.definition.ParameterDeclaration;
import io.datahub.model.definition.PipelineDefinition;
import io.datahub.model.definition.PipelineRef;
import io.datahub.model.definition.WebhookNotification;
import io.datahub.model.graph.CycleFinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Semantic validation of a job pipeline: its pipelineRefs against the application's pipelines,
 * the dependency DAG (no unknown dependency, no cycle), failure-policy attributes, parameters its
 * pipelines need, and notifications.
 */
public final class JobValidator {

    /**
     * @param pipelines the application's pipelines by id, or null when validated on its own
     * @param folderLayer the layer folder the job file is in, or null
     */
    public List<ValidationError> validate(JobPipelineDefinition job, String file, Map<String, PipelineDefinition> pipelines, Layer folderLayer) {
        ErrorCollector errors = new ErrorCollector(file);
        MetadataChecks.version(job.version(), job, errors);
        MetadataChecks.metadata(job.metadata(), errors);
        if (job.layer() != null && folderLayer != null && !job.layer().equals(folderLayer.folder())) {
            errors.at(job, "layer '" + job.layer() + "' does not match the folder it is in ('" + folderLayer.folder() + "')");
        }
        Set<String> parameters = MetadataChecks.parameters(job.parameters(), errors);

        Map<String, PipelineRef> refs = new LinkedHashMap<>();
        for (PipelineRef ref : job.pipelines()) {
            if (refs.putIfAbsent(ref.id(), ref) != null) {
                errors.at(ref, "pipelineRef '" + ref.id() + "' is listed twice in job '" + job.id() + "'");
            }
        }
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (PipelineRef ref : job.pipelines()) {
            List<String> deps = ref.dependencies();
            if (ref.dependsOn() != null && (deps.isEmpty() || deps.stream().anyMatch(String::isEmpty))) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': dependsOn=\"" + ref.dependsOn() + "\" has an empty item");
            }
            List<String> known = new ArrayList<>();
            for (String dep : deps) {
                if (dep.isEmpty()) {
                    continue;
                }
                if (dep.equals(ref.id())) {
                    errors.at(ref, "pipelineRef '" + ref.id() + "' depends on itself");
                } else if (!refs.containsKey(dep)) {
                    errors.at(ref, "pipelineRef '" + ref.id() + "' depends on '" + dep + "', which is not a pipelineRef of job '" + job.id() + "'");
                } else {
                    known.add(dep);
                }
            }
            edges.merge(ref.id(), known, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
            if (new java.util.HashSet<>(deps).size() != deps.size()) {
                errors.at(ref, "pipelineRef '" + ref.id() + "' lists the same dependency twice in dependsOn=\"" + ref.dependsOn() + "\"");
            }
            checkPolicy(ref, pipelines, errors);
            if (ref.fallback() != null && refs.containsKey(ref.fallback())) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': fallback '" + ref.fallback()
                        + "' is itself a pipelineRef of this job; a fallback must be a pipeline run only on failure");
            }
            if (pipelines != null) {
                PipelineDefinition pipeline = pipelines.get(ref.id());
                if (pipeline == null) {
                    // List the choices only while the list is short enough to read.
                    errors.at(ref, "pipelineRef '" + ref.id() + "' names no pipeline of this application"
                            + (pipelines.isEmpty() || pipelines.size() > 8 ? ""
                            : " (pipelines: " + String.join(", ", pipelines.keySet().stream().sorted().toList()) + ")"));
                } else {
                    for (ParameterDeclaration p : pipeline.parameters()) {
                        if (p.defaultValue() == null && !parameters.contains(p.name())) {
                            errors.at(ref, "pipeline '" + ref.id() + "' needs parameter '" + p.name()
                                    + "' (it has no default), which job '" + job.id() + "' does not declare");
                        }
                    }
                }
            }
        }
        Map<String, String> fallbackOwners = new LinkedHashMap<>();
        for (PipelineRef ref : job.pipelines()) {
            if (ref.fallback() != null) {
                String owner = fallbackOwners.putIfAbsent(ref.fallback(), ref.id());
                if (owner != null && !owner.equals(ref.id())) {
                    errors.at(ref, "pipelineRef '" + ref.id() + "': fallback '" + ref.fallback() + "' is already the fallback of '"
                            + owner + "'; give each step its own fallback pipeline");
                }
            }
        }
        Optional<List<String>> cycle = CycleFinder.findCycle(new ArrayList<>(refs.keySet()), edges);
        cycle.ifPresent(path -> errors.at(refs.get(path.get(0)), "job '" + job.id() + "' has a dependency cycle: "
                + String.join(" -> ", path) + " (each depends on the next)"));
        for (Notification n : job.notifications()) {
            checkNotification(n, errors);
        }
        return errors.errors();
    }

    private static void checkPolicy(PipelineRef ref, Map<String, PipelineDefinition> pipelines, ErrorCollector errors) {
        String policy = ref.onFailure();
        if (!"retry".equals(policy) && ref.maxRetries() != null) {
            errors.at(ref, "pipelineRef '" + ref.id() + "': maxRetries applies only to onFailure=\"retry\"");
        }
        if (!"retry".equals(policy) && ref.retryDelay() != null) {
            errors.at(ref, "pipelineRef '" + ref.id() + "': retryDelay applies only to onFailure=\"retry\"");
        }
        if (ref.retryDelay() != null) {
            Optional<Duration> delay = MetadataChecks.parseDuration(ref.retryDelay());
            if (delay.isEmpty()) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': retryDelay '" + ref.retryDelay()
                        + "' must be a duration in days, hours, minutes or seconds (e.g. PT30S, PT5M, P1D); years and months are not allowed");
            }
        }
        if ("fallback".equals(policy)) {
            if (ref.fallback() == null) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': onFailure=\"fallback\" needs fallback=\"pipelineId\"");
            } else if (ref.fallback().equals(ref.id())) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': fallback cannot be the pipeline itself");
            } else if (pipelines != null && !pipelines.containsKey(ref.fallback())) {
                errors.at(ref, "pipelineRef '" + ref.id() + "': fallback '" + ref.fallback() + "' names no pipeline of this application");
            }
        } else if (ref.fallback() != null) {
            errors.at(ref, "pipelineRef '" + ref.id() + "': fallback applies only to onFailure=\"fallback\"");
        }
    }

    private static void checkNotification(Notification n, ErrorCollector errors) {
        if (n instanceof WebhookNotification w && (w.url() == null) == (w.urlSecretRef() == null)) {
            errors.at(w, "<webhook> needs exactly one of url or urlSecretRef (prefer urlSecretRef: webhook URLs carry a token)");
        }
        if (n instanceof WebhookNotification w && w.url() != null && !w.url().matches("https?://\\S+")) {
            errors.at(w, "<webhook> url '" + w.url() + "' is not an http(s) URL");
        }
        if (n instanceof EmailNotification e) {
            for (String address : e.to().split(",")) {
                if (!address.strip().matches("[^@\\s]+@[^@\\s]+")) {
                    errors.at(e, "<email> to: '" + address.strip() + "' is not an email address");
                }
            }
        }
    }
}
