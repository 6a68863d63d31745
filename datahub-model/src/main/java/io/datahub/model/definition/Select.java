package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <select>}: projects columns and expressions with aliases. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Select extends SingleInputTransformation {

    @XmlAttribute
    private String columns;

    public String columns() {
        return columns;
    }

    @Override
    public String elementName() {
        return "select";
    }

}
