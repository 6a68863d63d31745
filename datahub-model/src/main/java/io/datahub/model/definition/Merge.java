package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <merge>}: union by column name of several datasets. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Merge extends Transformation {

    @XmlAttribute
    private String sources;

    @XmlAttribute
    private boolean allowMissingColumns = false;

    @XmlAttribute
    private boolean distinct = false;

    public String sources() {
        return sources;
    }

    public boolean allowMissingColumns() {
        return allowMissingColumns;
    }

    public boolean distinct() {
        return distinct;
    }

    @Override
    public String elementName() {
        return "merge";
    }

    @Override
    public List<String> inputs() {
        return CommaList.split(sources);
    }

}
