package io.datahub.model;

import io.datahub.model.definition.DefinitionReader;
import io.datahub.model.definition.ParsedDefinition;
import io.datahub.model.validation.ValidationError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code docs/xml-reference.md} honest against the XSDs: every declared element and attribute
 * name is documented, every complete example file is schema-valid, and every XML fragment is well-formed.
 * Tests run with the module folder as working directory, so the doc is {@code ../docs/xml-reference.md}.
 */
class XmlReferenceDocTest {

    private static final Path DOC = Path.of("..", "docs", "xml-reference.md");
    private static final String XSD_FOLDER = "/io/datahub/model/xsd/";
    private static final List<String> XSDS = List.of("datahub-common.xsd", "pipeline.xsd", "job-pipeline.xsd", "lookup.xsd");
    private static final Set<String> ROOTS = Set.of("pipeline", "jobPipeline", "lookup");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*)\\s*$");
    private static final Pattern FIRST_ELEMENT = Pattern.compile(
            "\\A(?:\\s|<\\?xml[^>]*\\?>|<!--.*?-->)*<([A-Za-z_][A-Za-z0-9_.-]*)", Pattern.DOTALL);

    /** A fenced block of the doc: its language tag, the doc line of its first content line, and its text. */
    private record Block(String language, int line, String text) {
    }

    private static String doc;
    private static List<Block> xmlBlocks;

    @BeforeAll
    static void readDoc() throws IOException {
        assertTrue(Files.isRegularFile(DOC), () -> DOC.toAbsolutePath() + " not found");
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        xmlBlocks = fencedBlocks(doc).stream().filter(b -> b.language().equals("xml")).toList();
    }

    private static List<Block> fencedBlocks(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].strip().equals("```")) {
                String line = lines[j];
                body.append(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading()).append('\n');
                j++;
            }
            if (j == lines.length) {
                fail("unclosed ``` block opened at line " + (i + 1) + " of " + DOC);
            }
            blocks.add(new Block(open.group(2), i + 2, body.toString()));
            i = j;
        }
        return blocks;
    }

    private static String firstElement(Block block) {
        Matcher m = FIRST_ELEMENT.matcher(block.text());
        return m.find() ? m.group(1) : null;
    }

    private static boolean isWholeFile(Block block) {
        return ROOTS.contains(firstElement(block));
    }

    private static DocumentBuilder hardenedBuilder(boolean namespaceAware) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(namespaceAware);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder;
    }

    @Test
    void docHasExampleFilesOfEveryRootKind() {
        Set<String> roots = new TreeSet<>();
        for (Block block : xmlBlocks) {
            if (isWholeFile(block)) {
                roots.add(firstElement(block));
            }
        }
        assertEquals(new TreeSet<>(ROOTS), roots, "root elements of the doc's complete example files");
    }

    @Test
    void everyDeclaredElementAndAttributeNameIsDocumentedInBackticks() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (String xsd : XSDS) {
            try (InputStream in = XmlReferenceDocTest.class.getResourceAsStream(XSD_FOLDER + xsd)) {
                assertNotNull(in, XSD_FOLDER + xsd + " not on the classpath");
                Document schema = hardenedBuilder(true).parse(in);
                for (String kind : List.of("element", "attribute")) {
                    NodeList nodes = schema.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, kind);
                    for (int i = 0; i < nodes.getLength(); i++) {
                        String name = ((Element) nodes.item(i)).getAttribute("name");
                        if (!name.isEmpty()) {
                            declared.add(name);
                        }
                    }
                }
            }
        }
        assertTrue(declared.size() > 50, () -> "suspiciously few names read from the XSDs: " + declared);
        List<String> missing = declared.stream().filter(name -> !doc.contains("`" + name + "`")).toList();
        assertEquals(List.of(), missing, "XSD element/attribute names not mentioned in backticks in " + DOC);
    }

    @Test
    void everyCompleteExampleFileIsSchemaValid() {
        DefinitionReader reader = new DefinitionReader();
        List<String> failures = new ArrayList<>();
        int files = 0;
        for (Block block : xmlBlocks) {
            if (!isWholeFile(block)) {
                continue;
            }
            files++;
            String name = "xml-reference.md block at line " + block.line();
            ParsedDefinition parsed = reader.read(name, block.text().getBytes(StandardCharsets.UTF_8));
            if (!parsed.errors().isEmpty()) {
                StringBuilder report = new StringBuilder(name + " (<" + firstElement(block) + ">):");
                for (ValidationError error : parsed.errors()) {
                    int docLine = error.line() > 0 ? block.line() + error.line() - 1 : block.line();
                    report.append("\n    xml-reference.md line ").append(docLine).append(", column ").append(error.column())
                            .append(": ").append(error.message());
                }
                failures.add(report.toString());
            } else if (!firstElement(block).equals(parsed.rootElement())) {
                failures.add(name + ": read as <" + parsed.rootElement() + ">, expected <" + firstElement(block) + ">");
            }
        }
        assertTrue(files >= 3, "expected complete example files in " + DOC + ", found " + files);
        assertEquals("", String.join("\n", failures), failures.size() + " example file(s) fail XSD validation");
    }

    @Test
    void everyXmlBlockIsWellFormed() throws Exception {
        DocumentBuilder builder = hardenedBuilder(true);
        List<String> failures = new ArrayList<>();
        for (Block block : xmlBlocks) {
            String body = block.text().replaceFirst("\\A\\s*<\\?xml[^>]*\\?>", "");
            try {
                builder.parse(new InputSource(new StringReader("<doc-fragment>" + body + "</doc-fragment>")));
            } catch (SAXParseException e) {
                // The wrapper adds no line, so the parser's line N is the block's line N.
                failures.add("xml-reference.md line " + (block.line() + e.getLineNumber() - 1) + ": " + e.getMessage());
            }
        }
        assertTrue(xmlBlocks.size() >= 20, "expected many ```xml blocks in " + DOC + ", found " + xmlBlocks.size());
        assertEquals("", String.join("\n", failures), failures.size() + " ```xml block(s) are not well-formed");
    }
}
