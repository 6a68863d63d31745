package io.datahub.model.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xml.sax.SAXParseException;

/**
 * Turns the XML Schema validator's messages ({@code cvc-...} codes from the JDK's Xerces) into
 * sentences a data engineer reads without knowing XML Schema. Xerces reports a bad attribute value
 * twice (the facet, then the attribute); the two are folded into one message. Messages we do not
 * recognise keep their text without the {@code cvc-} code.
 */
final class XsdMessages {

    private static final Pattern CODE = Pattern.compile("^(cvc-[A-Za-z0-9.\\-]+|[a-z-]+\\.[0-9.a-z]+):\\s*");
    private static final Pattern MISSING_ATTRIBUTE = Pattern.compile("Attribute '([^']+)' must appear on element '([^']+)'\\.");
    private static final Pattern UNKNOWN_ATTRIBUTE = Pattern.compile("Attribute '([^']+)' is not allowed to appear in element '([^']+)'\\.");
    private static final Pattern UNEXPECTED_ELEMENT = Pattern.compile("Invalid content was found starting with element '([^']+)'\\. One of '\\{([^}]*)\\}' is expected\\.");
    private static final Pattern NO_CHILD_EXPECTED = Pattern.compile("Invalid content was found starting with element '([^']+)'\\. No child element is expected at this point\\.");
    private static final Pattern INCOMPLETE = Pattern.compile("The content of element '([^']+)' is not complete\\. One of '\\{([^}]*)\\}' is expected\\.");
    private static final Pattern BAD_ATTRIBUTE_VALUE = Pattern.compile("The value '(.*)' of attribute '([^']+)' on element '([^']+)' is not valid with respect to its type, '([^']+)'\\.", Pattern.DOTALL);
    private static final Pattern BAD_ELEMENT_VALUE = Pattern.compile("The value '(.*)' of element '([^']+)' is not valid\\.", Pattern.DOTALL);
    private static final Pattern ENUMERATION = Pattern.compile("Value '(.*)' is not facet-valid with respect to enumeration '\\[([^]]*)]'.*", Pattern.DOTALL);
    private static final Pattern UNKNOWN_ROOT = Pattern.compile("Cannot find the declaration of element '([^']+)'\\.");
    private static final Pattern TEXT_NOT_ALLOWED = Pattern.compile("Element '([^']+)' must have no character or element information item children, because the type's content type is empty\\.|Element '([^']+)' cannot have character \\[children], because the type's content type is element-only\\.");

    private XsdMessages() {
    }

    /** One message per problem, in document order, each with the position Xerces gave. */
    static List<Located> translate(List<SAXParseException> raw) {
        List<Located> out = new ArrayList<>();
        String pendingFacet = null;
        for (SAXParseException e : raw) {
            String text = stripCode(e.getMessage());
            if (isFacetMessage(e.getMessage())) {
                pendingFacet = text; // explained by the attribute/element message that follows
                continue;
            }
            out.add(new Located(e.getLineNumber(), e.getColumnNumber(), explain(text, pendingFacet)));
            pendingFacet = null;
        }
        if (pendingFacet != null) {
            SAXParseException last = raw.get(raw.size() - 1);
            out.add(new Located(last.getLineNumber(), last.getColumnNumber(), pendingFacet));
        }
        return out;
    }

    record Located(int line, int column, String message) {
    }

    private static boolean isFacetMessage(String message) {
        return message != null && (message.startsWith("cvc-enumeration-valid") || message.startsWith("cvc-pattern-valid")
                || message.startsWith("cvc-datatype-valid") || message.startsWith("cvc-minInclusive-valid")
                || message.startsWith("cvc-maxInclusive-valid") || message.startsWith("cvc-minLength-valid")
                || message.startsWith("cvc-maxLength-valid") || message.startsWith("cvc-length-valid"));
    }

    private static String stripCode(String message) {
        return message == null ? "invalid XML" : CODE.matcher(message).replaceFirst("");
    }

    private static String explain(String text, String facet) {
        Matcher m;
        if ((m = MISSING_ATTRIBUTE.matcher(text)).matches()) {
            return "<" + m.group(2) + "> is missing required attribute '" + m.group(1) + "'";
        }
        if ((m = UNKNOWN_ATTRIBUTE.matcher(text)).matches()) {
            return "<" + m.group(2) + "> has no attribute '" + m.group(1) + "'";
        }
        if ((m = UNEXPECTED_ELEMENT.matcher(text)).matches()) {
            return "<" + m.group(1) + "> is not allowed here; expected " + elements(m.group(2));
        }
        if ((m = NO_CHILD_EXPECTED.matcher(text)).matches()) {
            return "<" + m.group(1) + "> is not allowed here; no more elements are expected in its parent";
        }
        if ((m = INCOMPLETE.matcher(text)).matches()) {
            return "<" + m.group(1) + "> is incomplete; expected " + elements(m.group(2));
        }
        if ((m = BAD_ATTRIBUTE_VALUE.matcher(text)).matches()) {
            return "attribute '" + m.group(2) + "' of <" + m.group(3) + ">: " + badValue(m.group(1), m.group(4), facet);
        }
        if ((m = BAD_ELEMENT_VALUE.matcher(text)).matches()) {
            return "<" + m.group(2) + ">: " + badValue(m.group(1), null, facet);
        }
        if ((m = UNKNOWN_ROOT.matcher(text)).matches()) {
            return "unknown root element <" + m.group(1) + ">; expected <pipeline>, <jobPipeline> or <lookup>";
        }
        if ((m = TEXT_NOT_ALLOWED.matcher(text)).matches()) {
            String element = m.group(1) != null ? m.group(1) : m.group(2);
            return "<" + element + "> may not contain text";
        }
        return text;
    }

    private static String badValue(String value, String type, String facet) {
        String shown = "'" + value.strip() + "'";
        if (facet != null) {
            Matcher e = ENUMERATION.matcher(facet);
            if (e.matches()) {
                return shown + " is not one of: " + e.group(2);
            }
        }
        if (type == null) {
            return value.isBlank() ? "must not be empty" : shown + " is not valid" + (facet == null ? "" : " (" + facet + ")");
        }
        return switch (type) {
            case "identifier" -> shown + " is not a valid name (letters, digits and underscores, not starting with a digit)";
            case "nonEmptyString" -> "must not be empty";
            case "positiveInteger" -> shown + " is not a positive whole number";
            case "nonNegativeInteger" -> shown + " is not a whole number >= 0";
            case "boolean" -> shown + " is not true or false";
            case "long" -> shown + " is not a whole number";
            case "duration" -> shown + " is not an ISO-8601 duration (e.g. PT5M, PT2H, P1D)";
            default -> shown + " is not a valid " + type;
        };
    }

    private static String elements(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            String n = name.strip();
            int colon = n.indexOf(':');
            if (colon >= 0 && n.startsWith("\"")) {
                n = n.substring(colon + 1);
            }
            names.add("<" + n + ">");
        }
        return names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names);
    }
}
