package io.datahub.model.definition;

import io.datahub.model.validation.ValidationError;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Reads pipeline, job and lookup definitions: size limit, hardened SAX parsing (no DTD, no external
 * entities), XSD validation collecting every error, then JAXB binding with element positions.
 * Thread-safe; the JAXB context and compiled schema are built once per class.
 */
public final class DefinitionReader {

    /** Definitions are small; the limit bounds memory and time for whatever a caller hands us. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private static final String XSD = "/io/datahub/model/xsd/datahub.xsd";
    private static final Schema SCHEMA = loadSchema();
    private static final JAXBContext CONTEXT = createContext();

    /** Reads a file; the error file name is {@code file.toString()}. */
    public ParsedDefinition read(Path file) {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return failed(name, 0, 0, tooLarge(size));
            }
            return read(name, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return failed(name, 0, 0, "file not found");
        } catch (IOException e) {
            return failed(name, 0, 0, "cannot read file: " + e.getMessage());
        }
    }

    /** Reads at most {@link #MAX_BYTES} from a stream (not closed here); {@code name} labels errors. */
    public ParsedDefinition read(String name, InputStream in) throws IOException {
        byte[] content = in.readNBytes(MAX_BYTES + 1);
        if (content.length > MAX_BYTES) {
            return failed(name, 0, 0, "file is more than " + MAX_BYTES + " bytes; definitions are limited to " + MAX_BYTES + " bytes (5 MiB)");
        }
        return read(name, content);
    }

    /** Reads definition bytes; {@code name} labels errors. */
    public ParsedDefinition read(String name, byte[] content) {
        if (content.length > MAX_BYTES) {
            return failed(name, 0, 0, tooLarge(content.length));
        }
        List<SAXParseException> xsdErrors = new ArrayList<>();
        try {
            Validator validator = SCHEMA.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(new Collecting(xsdErrors));
            validator.validate(source(content));
        } catch (SAXParseException e) {
            return failed(name, e.getLineNumber(), e.getColumnNumber(), malformed(e));
        } catch (SAXException | IOException e) {
            return failed(name, 0, 0, "malformed XML: " + e.getMessage());
        }
        if (!xsdErrors.isEmpty()) {
            List<ValidationError> errors = new ArrayList<>();
            for (XsdMessages.Located m : XsdMessages.translate(xsdErrors)) {
                errors.add(new ValidationError(name, m.line(), m.column(), m.message()));
            }
            return new ParsedDefinition(name, null, errors);
        }
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            return new ParsedDefinition(name, unmarshaller.unmarshal(source(content)), List.of());
        } catch (JAXBException | SAXException e) {
            // The XSD passed, so binding problems are ours, not the author's; say so plainly.
            return failed(name, 0, 0, "internal error binding a schema-valid definition: " + e);
        }
    }

    private static ParsedDefinition failed(String name, int line, int column, String message) {
        return new ParsedDefinition(name, null, List.of(new ValidationError(name, line, column, message)));
    }

    private static String tooLarge(long size) {
        return "file is " + size + " bytes; definitions are limited to " + MAX_BYTES + " bytes (5 MiB)";
    }

    private static String malformed(SAXParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("DOCTYPE is disallowed")) {
            return "DTDs are not allowed: remove the <!DOCTYPE> declaration (definitions may not declare entities or reference external files)";
        }
        return "malformed XML: " + message;
    }

    /** A SAX source over a parser that refuses DTDs and every external fetch. */
    private static SAXSource source(byte[] content) throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            try {
                reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            } catch (SAXNotRecognizedException ignored) {
                // Older parsers lack these properties; the features above already forbid external access.
            }
            return new SAXSource(reader, new InputSource(new ByteArrayInputStream(content)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    private static Schema loadSchema() {
        URL xsd = DefinitionReader.class.getResource(XSD);
        if (xsd == null) {
            throw new IllegalStateException("missing " + XSD + " on the classpath");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Our own XSDs include each other from the classpath (file: or jar:); nothing else.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file,jar,nested");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load " + XSD + ": " + e.getMessage(), e);
        }
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(PipelineDefinition.class, JobPipelineDefinition.class, LookupTableDefinition.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot create the JAXB context", e);
        }
    }

    private record Collecting(List<SAXParseException> errors) implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // Warnings (e.g. unresolved optional schema hints) are not the author's errors.
        }

        @Override
        public void error(SAXParseException e) {
            errors.add(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }
}
