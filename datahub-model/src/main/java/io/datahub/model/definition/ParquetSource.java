package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <parquet>} source. */
@XmlAccessorType(XmlAccessType.FIELD)
public class ParquetSource extends SourceDefinition {

    @XmlAttribute
    private String path;

    @XmlAttribute
    private boolean mergeSchema = false;

    public String path() {
        return path;
    }

    public boolean mergeSchema() {
        return mergeSchema;
    }

    @Override
    public String elementName() {
        return "parquet";
    }

}
