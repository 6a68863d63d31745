package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <sort>}: order rows by {@code col [asc|desc]} items. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Sort extends SingleInputTransformation {

    @XmlAttribute
    private String orderBy;

    @XmlAttribute
    private String direction = "asc";

    @XmlAttribute
    private String nulls;

    public String orderBy() {
        return orderBy;
    }

    public String direction() {
        return direction;
    }

    public String nulls() {
        return nulls;
    }

    @Override
    public String elementName() {
        return "sort";
    }

}
