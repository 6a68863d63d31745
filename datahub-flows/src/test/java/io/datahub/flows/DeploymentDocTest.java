package io.datahub.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/deployment.md documents every parameter the flows have and every variable of .env.example, and is linked. */
class DeploymentDocTest {

    private final String doc = Repo.read(Repo.ROOT.resolve("docs/deployment.md"));

    @Test
    void everyPlatformParameterIsDocumented() {
        final List<String> missing = FlowParameters.PLATFORM.stream().map(FlowParameters.Definition::name)
                .filter(name -> !doc.contains("`" + name + "`")).toList();
        assertEquals(List.of(), missing, "parameters docs/deployment.md does not list");
    }

    @Test
    void theSampleApplicationsSecretsAreNamed() {
        for (final String app : Repo.SAMPLE_APPS) {
            final ApplicationConfig config = Repo.application(app);
            config.pipelineSecrets().forEach(secret -> assertTrue(doc.contains("`" + secret + "`"), secret));
            config.webhookSecrets().forEach(secret -> assertTrue(doc.contains("`" + secret + "`"), secret));
        }
    }

    @Test
    void everyEnvironmentVariableIsDocumented() {
        for (final String line : Repo.read(Repo.ROOT.resolve(".env.example")).lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                final String name = line.substring(0, line.indexOf('='));
                assertTrue(doc.contains("`" + name + "`"), name + " is not explained in docs/deployment.md");
            }
        }
    }

    @Test
    void theReadmeLinksIt() {
        assertTrue(Repo.read(Repo.ROOT.resolve("README.md")).contains("(docs/deployment.md)"));
    }
}
