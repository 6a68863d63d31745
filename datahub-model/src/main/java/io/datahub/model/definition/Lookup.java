package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <lookup>}: enriches a dataset from reference data (a pipeline source or a lookup definition). */
@XmlAccessorType(XmlAccessType.FIELD)
public class Lookup extends SingleInputTransformation {

    @XmlAttribute
    private String reference;

    @XmlAttribute
    private String keys;

    @XmlAttribute
    private String outputFields;

    @XmlAttribute
    private String joinType = "left";

    public String reference() {
        return reference;
    }

    public String keys() {
        return keys;
    }

    public String outputFields() {
        return outputFields;
    }

    public String joinType() {
        return joinType;
    }

    @Override
    public String elementName() {
        return "lookup";
    }

}
