package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlTransient;
import org.glassfish.jaxb.core.annotation.XmlLocation;
import org.xml.sax.Locator;

/**
 * An element that remembers where it stood in its file, so semantic errors carry line and column.
 * The JAXB reference implementation fills {@link XmlLocation} fields while unmarshalling from SAX.
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class Located {

    @XmlLocation
    @XmlTransient
    private Locator locator;

    /** 1-based line of the element's start tag (where the parser reports it: its end), 0 when unknown. */
    public int lineNumber() {
        return locator == null ? 0 : locator.getLineNumber();
    }

    /** 1-based column, 0 when unknown. */
    public int columnNumber() {
        return locator == null ? 0 : locator.getColumnNumber();
    }

    /** The XML element name, for messages. */
    public abstract String elementName();
}
