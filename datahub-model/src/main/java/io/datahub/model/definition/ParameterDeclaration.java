package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <parameter>}: a declared pipeline or job parameter with its type and optional default. */
@XmlAccessorType(XmlAccessType.FIELD)
public class ParameterDeclaration extends Located {

    @XmlAttribute
    private String name;

    @XmlAttribute
    private String type = "string";

    @XmlAttribute(name = "default")
    private String defaultValue;

    @XmlAttribute
    private String description;

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    @Override
    public String elementName() {
        return "parameter";
    }

}
