package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <mask>}: tokenize, hash, redact or encrypt sensitive columns. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Mask extends SingleInputTransformation {

    @XmlAttribute
    private String columns;

    @XmlAttribute
    private String strategy;

    @XmlAttribute
    private String secretRef;

    @XmlAttribute
    private Integer keepLast;

    @XmlAttribute
    private String replacement;

    public String columns() {
        return columns;
    }

    public String strategy() {
        return strategy;
    }

    public String secretRef() {
        return secretRef;
    }

    public Integer keepLast() {
        return keepLast;
    }

    public String replacement() {
        return replacement;
    }

    @Override
    public String elementName() {
        return "mask";
    }

}
