package io.datahub.model.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.JobPipelineDefinition;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobParametersTest {

    private static JobPipelineDefinition job() {
        String xml = """
                <jobPipeline id="daily" version="1.0.0">
                  <parameters>
                    <parameter name="topN" type="int" default="100"/>
                    <parameter name="since" type="date" default="today-7d"/>
                    <parameter name="region" type="string"/>
                  </parameters>
                  <pipelines><pipelineRef id="a"/></pipelines>
                </jobPipeline>
                """;
        return new DefinitionReader().read("daily.xml", xml.getBytes(StandardCharsets.UTF_8)).job().orElseThrow();
    }

    @Test
    void suppliedValuesAreKeptAndDeclaredOnesTakeTheirDefaultsFixedToTheRunDate() {
        Map<String, String> supplied = new LinkedHashMap<>();
        supplied.put("region", "emea");
        supplied.put("extra", "kept for pipelines that declare it");
        Map<String, String> values = JobParameters.resolve(job(), supplied, "daily-1", LocalDate.of(2026, 1, 15), "shop", "service", "/data");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("region", "emea");
        expected.put("extra", "kept for pipelines that declare it");
        expected.put("topN", "100");
        expected.put("since", "2026-01-08");
        assertEquals(expected, values);
    }

    @Test
    void aMissingOrBadValueNamesTheJobAndEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobParameters.resolve(job(),
                Map.of("topN", "many"), "daily-1", LocalDate.of(2026, 1, 15), "shop", "service", "/data"));
        assertEquals("job 'daily': parameter 'topN': 'many' is not an int; parameter 'region' has no value and no default", e.getMessage());
    }

    @Test
    void jobRunIdsAndRunIds() {
        String id = JobRunIds.newJobRunId("daily", LocalDate.of(2026, 1, 15));
        assertEquals(true, id.matches("daily-2026-01-15-[0-9a-f]{8}"), id);
        assertEquals("daily-1-load-2", JobRunIds.runId("daily-1", "load", 2));
        assertThrows(IllegalArgumentException.class, () -> JobRunIds.runId("daily-1", "load", 0));
    }
}
