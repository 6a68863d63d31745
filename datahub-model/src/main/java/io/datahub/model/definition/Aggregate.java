package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <aggregate>}: group and compute metrics {@code fn:column[:alias]}, optionally per time window. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Aggregate extends SingleInputTransformation {

    @XmlAttribute
    private String groupBy;

    @XmlAttribute
    private String metrics;

    @XmlAttribute
    private String window;

    @XmlAttribute
    private String timeColumn;

    public String groupBy() {
        return groupBy;
    }

    public String metrics() {
        return metrics;
    }

    public String window() {
        return window;
    }

    public String timeColumn() {
        return timeColumn;
    }

    @Override
    public String elementName() {
        return "aggregate";
    }

}
