package io.datahub.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** templates/ holds what the generator makes of the sample applications, byte for byte. */
class TemplatesTest {

    static final java.util.List<String> APPS = Repo.SAMPLE_APPS;

    @ParameterizedTest
    @FieldSource("APPS")
    void theTemplateIsWhatTheGeneratorMakesOfTheApplication(final String app) {
        final String update = "run ./datahub flows --app " + app + " --out templates/" + app + ".json to update";
        assertTrue(Files.isRegularFile(Repo.template(app)), "templates/" + app + ".json is missing: " + update);
        assertEquals(Repo.generate(app), Repo.read(Repo.template(app)), "templates/" + app + ".json is stale: " + update);
    }
}
