package io.datahub.model.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.validation.ValidationError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionReaderTest {

    private static final String DTD_REFUSED = "DTDs are not allowed: remove the <!DOCTYPE> declaration "
            + "(definitions may not declare entities or reference external files)";
    /** Hostile input must be refused fast; a bound, not a benchmark. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private final DefinitionReader reader = new DefinitionReader();

    private List<String> errors(String xml) {
        return reader.read("f.xml", xml.getBytes(StandardCharsets.UTF_8)).errors().stream().map(ValidationError::format).toList();
    }

    @Test
    void seedExamplesPassTheXsdWithoutANamespace() {
        ParsedDefinition pipeline = reader.read(Path.of("../src-test-data/seed/customer_staging_load.xml"));
        ParsedDefinition job = reader.read(Path.of("../src-test-data/seed/customer_master.xml"));
        assertEquals(List.of(), pipeline.errors());
        assertEquals(List.of(), job.errors());
        PipelineDefinition p = pipeline.pipeline().orElseThrow();
        assertEquals(List.of("customer_csv", "customer_db"), p.sources().stream().map(SourceDefinition::id).toList());
        // schemaRef as child element (csv) and as attribute (database) both bind.
        assertEquals("schemas/customer_staging.avsc", p.sources().get(0).schemaRef());
        assertEquals("schemas/customer_db.json", p.sources().get(1).schemaRef());
        assertEquals(List.of("deduplicate", "sort", "join", "lookup", "mask", "aggregate"),
                p.transformations().stream().map(Transformation::elementName).toList());
        // Positions: the end of each start tag, as the XSD stage reports too.
        assertEquals(21, p.transformations().get(0).lineNumber());
        assertEquals(74, p.transformations().get(0).columnNumber());
        assertEquals("PT2H", p.metadata().sla().text());
        JobPipelineDefinition j = job.job().orElseThrow();
        assertEquals(List.of("customer_staging_load"), j.pipelines().get(1).dependencies());
        assertEquals("halt", j.pipelines().get(1).onFailure());
        assertInstanceOf(EmailNotification.class, j.notifications().get(0));
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE pipeline [
                  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
                  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
                  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
                  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
                  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
                  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
                ]>
                <pipeline id="p" version="1.0.0" layer="staging"><metadata><owner>&g;</owner></metadata></pipeline>
                """;
        List<String> errors = assertTimeoutPreemptively(QUICKLY, () -> errors(bomb));
        assertEquals(List.of("f.xml:2:10: " + DTD_REFUSED), errors);
    }

    @Test
    void externalEntitiesAreRefusedAndNothingIsRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-VALUE");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE pipeline [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<pipeline id=\"p\" version=\"1.0.0\" layer=\"staging\"><metadata><owner>&s;</owner></metadata></pipeline>\n";
        List<String> errors = assertTimeoutPreemptively(QUICKLY, () -> errors(xxe));
        assertEquals(List.of("f.xml:2:10: " + DTD_REFUSED), errors);
        assertTrue(errors.stream().noneMatch(e -> e.contains("TOP-SECRET")));
    }

    @Test
    void aFiftyMegabyteFileIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.xml");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.write("<pipeline>".getBytes(StandardCharsets.US_ASCII));
            file.setLength(50L * 1024 * 1024); // sparse: the size is what matters
        }
        ParsedDefinition parsed = assertTimeoutPreemptively(QUICKLY, () -> reader.read(big));
        assertEquals(List.of(big + ":0:0: file is 52428800 bytes; definitions are limited to 5242880 bytes (5 MiB)"),
                parsed.errors().stream().map(ValidationError::format).toList());
    }

    @Test
    void aStreamIsReadOnlyUpToTheLimit() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };
        ParsedDefinition parsed = assertTimeoutPreemptively(QUICKLY, () -> reader.read("flowfile", endless));
        assertEquals(List.of("flowfile:0:0: file is more than 5242880 bytes; definitions are limited to 5242880 bytes (5 MiB)"),
                parsed.errors().stream().map(ValidationError::format).toList());
        assertEquals(List.of(), reader.read("ok", new ByteArrayInputStream(
                "<lookup id=\"l\" keys=\"k\"><csv id=\"l\" path=\"x.csv\"/></lookup>".getBytes(StandardCharsets.UTF_8))).errors());
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        assertEquals(List.of("f.xml:3:3: malformed XML: The element type \"sources\" must be terminated by the matching end-tag \"</sources>\"."),
                errors("<pipeline id=\"p\" version=\"1.0.0\" layer=\"staging\">\n<sources>\n</pipeline>\n"));
        assertEquals(List.of("f.xml:1:1: malformed XML: Content is not allowed in prolog."), errors("not xml"));
    }

    @Test
    void xsdErrorsAreAllReportedInPlainWords() {
        String xml = """
                <pipeline id="2nd" version="1.0.0" layer="bronze">
                  <sources>
                    <csv path="a.csv" header="yes"/>
                    <database id="db" jdbcUrl="jdbc:h2:mem:x" fetchSize="-5"><table name="t"/></database>
                  </sources>
                  <targets>
                    <hive table="t" mode="upsert" format="delta"/>
                    <csv path="out" compression="zip" colour="red"/>
                  </targets>
                </pipeline>
                """;
        assertEquals(List.of(
                "f.xml:1:51: attribute 'id' of <pipeline>: '2nd' is not a valid name (letters, digits and underscores, not starting with a digit)",
                "f.xml:1:51: attribute 'layer' of <pipeline>: 'bronze' is not one of: staging, standardization, service",
                "f.xml:3:37: attribute 'header' of <csv>: 'yes' is not true or false",
                "f.xml:3:37: <csv> is missing required attribute 'id'",
                "f.xml:4:62: attribute 'fetchSize' of <database>: '-5' is not a positive whole number",
                "f.xml:7:51: attribute 'mode' of <hive>: 'upsert' is not one of: append, overwrite, merge",
                "f.xml:7:51: attribute 'format' of <hive>: 'delta' is not one of: parquet, orc",
                "f.xml:8:53: attribute 'compression' of <csv>: 'zip' is not one of: none, gzip, bzip2, snappy",
                "f.xml:8:53: <csv> has no attribute 'colour'"), errors(xml));
    }

    @Test
    void elementOrderIsEnforced() {
        String xml = """
                <pipeline id="p" version="1.0.0" layer="staging">
                  <sources><csv id="a" path="a.csv"/></sources>
                  <targets><hive table="t"/></targets>
                  <transformations/>
                </pipeline>
                """;
        assertEquals(List.of("f.xml:4:21: <transformations> is not allowed here; no more elements are expected in its parent"), errors(xml));
    }

    @Test
    void lookupDefinitionsBind() {
        ParsedDefinition parsed = reader.read("l.xml", """
                <lookup id="country_dim" keys="country_code" broadcast="false">
                  <description>Countries</description>
                  <csv id="country_dim" path="reference/countries.csv"/>
                </lookup>
                """.getBytes(StandardCharsets.UTF_8));
        LookupTableDefinition lookup = parsed.lookup().orElseThrow();
        assertEquals("country_code", lookup.keys());
        assertEquals(false, lookup.broadcast());
        assertInstanceOf(CsvSource.class, lookup.source());
    }
}
