package io.datahub.nifi.nar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The NAR this build packaged, as NiFi will read it: the extension manifest nifi-nar-maven-plugin generated must list
 * every processor and controller service the bundle's jars register (their META-INF/services files, read from the jars
 * inside the NAR) with exactly the properties the classes declare, each with its additionalDetails.md; and the NAR must
 * not bundle what NiFi or the parent NAR provides (NiFi's API jars, the standard service APIs, SLF4J). Run by failsafe
 * after package, so {@code ./mvnw verify} fails on a wrong NAR.
 */
class NarContentsIT {

    private static final String BUNDLED = "META-INF/bundled-dependencies/";
    private static final String PROCESSORS_FILE = "META-INF/services/org.apache.nifi.processor.Processor";
    private static final String SERVICES_FILE = "META-INF/services/org.apache.nifi.controller.ControllerService";

    /**
     * Jars a NAR must not bundle: NiFi's own API and framework jars (loaded by NiFi's root class loader), the controller
     * service APIs of the parent NAR (a second copy breaks the services' class identity), and SLF4J and its bindings and
     * bridges (NiFi provides logging).
     */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("nifi-api-.*\\.jar"),
            Pattern.compile("nifi-framework-api-.*\\.jar"),
            Pattern.compile("nifi-(framework-core-api|server-api|runtime|nar-utils|properties)-.*\\.jar"),
            Pattern.compile("nifi-.*-service-api-.*\\.jar"),
            Pattern.compile("slf4j-.*\\.jar"),
            Pattern.compile("(jcl-over|jul-to|log4j-over)-slf4j-.*\\.jar"),
            Pattern.compile("log4j-slf4j.*\\.jar"),
            Pattern.compile("logback-.*\\.jar"));

    private static ZipFile nar;
    private static Document manifest;
    private static List<String> bundled;

    @BeforeAll
    static void openTheNar() throws Exception {
        Path file = Path.of(System.getProperty("datahub.nar", "target/nifi-datahub-nar.nar"));
        assertTrue(Files.isRegularFile(file), "no NAR at " + file + ": run with Maven (failsafe runs after package)");
        nar = new ZipFile(file.toFile());
        ZipEntry entry = nar.getEntry("META-INF/docs/extension-manifest.xml");
        assertTrue(entry != null, "the NAR has no META-INF/docs/extension-manifest.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = nar.getInputStream(entry)) {
            manifest = factory.newDocumentBuilder().parse(in);
        }
        bundled = nar.stream().map(ZipEntry::getName).filter(n -> n.startsWith(BUNDLED) && n.endsWith(".jar"))
                .map(n -> n.substring(BUNDLED.length())).sorted().toList();
    }

    /** The extensions of the manifest: class name -> its element. */
    private static Map<String, Element> extensions() {
        Map<String, Element> byName = new TreeMap<>();
        for (Element extension : children(first(manifest.getDocumentElement(), "extensions"), "extension")) {
            byName.put(text(extension, "name"), extension);
        }
        return byName;
    }

    @Test
    void theManifestListsEveryProcessorAndServiceTheBundleRegisters() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        registered("nifi-datahub-processors-", PROCESSORS_FILE).forEach(c -> expected.put(c, "PROCESSOR"));
        registered("nifi-datahub-services-", SERVICES_FILE).forEach(c -> expected.put(c, "CONTROLLER_SERVICE"));
        assertEquals(6, registered("nifi-datahub-processors-", PROCESSORS_FILE).size(),
                "XmlPipelineLoader, SparkPipelineSubmit, RunRecorder, PipelineScheduler, JobPipelineRunner, PostWebhook");
        assertEquals(5, registered("nifi-datahub-services-", SERVICES_FILE).size(),
                "registry, two Livy submitters, the launcher submitter, the run-history store");

        Map<String, String> listed = new TreeMap<>();
        extensions().forEach((name, extension) -> listed.put(name, text(extension, "type")));
        assertEquals(expected, listed);
    }

    @Test
    void eachExtensionListsExactlyThePropertiesItsClassDeclares() throws Exception {
        for (Map.Entry<String, Element> entry : extensions().entrySet()) {
            ConfigurableComponent component = (ConfigurableComponent) Class.forName(entry.getKey()).getDeclaredConstructor().newInstance();
            List<String> declared = component.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).toList();
            List<String> listed = new ArrayList<>();
            Element properties = first(entry.getValue(), "properties");
            for (Element property : properties == null ? List.<Element>of() : children(properties, "property")) {
                listed.add(text(property, "name"));
            }
            assertEquals(declared, listed, entry.getKey() + ": properties in the manifest");
            assertTrue(!declared.isEmpty(), entry.getKey() + " declares properties");
        }
    }

    @Test
    void eachServiceListsTheDataHubApisItProvides() throws Exception {
        for (Map.Entry<String, Element> entry : extensions().entrySet()) {
            if (!"CONTROLLER_SERVICE".equals(text(entry.getValue(), "type"))) {
                continue;
            }
            Set<String> apis = new TreeSet<>();
            for (Class<?> type = Class.forName(entry.getKey()); type != null; type = type.getSuperclass()) {
                Arrays.stream(type.getInterfaces()).filter(i -> ControllerService.class.isAssignableFrom(i) && i != ControllerService.class
                        && i.getName().startsWith("io.datahub.")).forEach(i -> apis.add(i.getName()));
            }
            Set<String> provided = new TreeSet<>();
            for (Element api : children(first(entry.getValue(), "providedServiceAPIs"), "providedServiceAPI")) {
                provided.add(text(api, "className"));
            }
            assertEquals(apis, provided, entry.getKey() + ": provided service APIs");
        }
    }

    @Test
    void eachExtensionHasADescriptionAndAdditionalDetailsWithAWorkedExample() throws IOException {
        for (Map.Entry<String, Element> entry : extensions().entrySet()) {
            assertTrue(text(entry.getValue(), "description").length() > 40, entry.getKey() + ": capability description");
            ZipEntry details = nar.getEntry("META-INF/docs/additional-details/" + entry.getKey() + "/additionalDetails.md");
            assertTrue(details != null, entry.getKey() + ": no additionalDetails.md in the NAR");
            String markdown;
            try (InputStream in = nar.getInputStream(details)) {
                markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(markdown.lines().anyMatch(l -> l.startsWith("## Example")), entry.getKey() + ": additionalDetails.md has no '## Example'");
        }
    }

    @Test
    void noNiFiApiOrSlf4jJarIsBundled() {
        List<String> forbidden = bundled.stream().filter(jar -> FORBIDDEN.stream().anyMatch(p -> p.matcher(jar).matches())).toList();
        assertEquals(List.of(), forbidden, "bundled: " + bundled);
        for (String own : List.of("nifi-datahub-processors-", "nifi-datahub-services-", "datahub-model-", "datahub-submit-")) {
            assertTrue(bundled.stream().anyMatch(jar -> jar.startsWith(own)), own + "*.jar is not bundled: " + bundled);
        }
    }

    @Test
    void theParentIsTheStandardServicesApiNar() throws IOException {
        Manifest jarManifest;
        try (InputStream in = nar.getInputStream(nar.getEntry("META-INF/MANIFEST.MF"))) {
            jarManifest = new Manifest(in);
        }
        Map<String, String> narDependency = new LinkedHashMap<>();
        for (String key : List.of("Nar-Dependency-Group", "Nar-Dependency-Id")) {
            narDependency.put(key, jarManifest.getMainAttributes().getValue(key));
        }
        assertEquals(Map.of("Nar-Dependency-Group", "org.apache.nifi", "Nar-Dependency-Id", "nifi-standard-services-api-nar"), narDependency);
        Element parent = first(manifest.getDocumentElement(), "parentNar");
        assertEquals("nifi-standard-services-api-nar", text(parent, "artifactId"));
    }

    /** The class names a bundled jar registers in a META-INF/services file (comments and blank lines skipped). */
    private static List<String> registered(String jarPrefix, String servicesFile) throws IOException {
        String jar = bundled.stream().filter(j -> j.startsWith(jarPrefix)).findFirst()
                .orElseThrow(() -> new AssertionError(jarPrefix + "*.jar is not bundled: " + bundled));
        byte[] jarBytes;
        try (InputStream in = nar.getInputStream(nar.getEntry(BUNDLED + jar))) {
            jarBytes = in.readAllBytes();
        }
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jarBytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(servicesFile)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                }
            }
        }
        throw new AssertionError(jar + " has no " + servicesFile);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element first(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String name) {
        Element child = first(parent, name);
        return child == null ? null : child.getTextContent().strip();
    }
}
