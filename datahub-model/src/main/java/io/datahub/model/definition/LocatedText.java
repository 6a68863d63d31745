package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlValue;

/** An element whose text matters and whose position is reported in errors (sla, schedule, sql, schemaRef). */
@XmlAccessorType(XmlAccessType.FIELD)
public class LocatedText extends Located {

    @XmlValue
    private String value;

    public String value() {
        return value;
    }

    /** The text with surrounding white space removed. */
    public String text() {
        return value == null ? "" : value.strip();
    }

    @Override
    public String elementName() {
        return "text";
    }

}
