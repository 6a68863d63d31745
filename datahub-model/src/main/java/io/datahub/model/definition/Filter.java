package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <filter>}: keeps rows matching a Spark SQL condition. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Filter extends SingleInputTransformation {

    @XmlAttribute
    private String condition;

    public String condition() {
        return condition;
    }

    @Override
    public String elementName() {
        return "filter";
    }

}
