package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <deduplicate>}: one row per key; keep first, last (input order) or latest (by orderBy). */
@XmlAccessorType(XmlAccessType.FIELD)
public class Deduplicate extends SingleInputTransformation {

    @XmlAttribute
    private String keys;

    @XmlAttribute
    private String keep = "first";

    @XmlAttribute
    private String orderBy;

    public String keys() {
        return keys;
    }

    public String keep() {
        return keep;
    }

    public String orderBy() {
        return orderBy;
    }

    @Override
    public String elementName() {
        return "deduplicate";
    }

}
