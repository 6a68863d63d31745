package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <hive>} target: a catalog table, append / overwrite (partitions written) / merge on keys. */
@XmlAccessorType(XmlAccessType.FIELD)
public class HiveTarget extends TargetDefinition {

    @XmlAttribute
    private String table;

    @XmlAttribute
    private String mode = "append";

    @XmlAttribute
    private String partitionBy;

    @XmlAttribute
    private String keys;

    @XmlAttribute
    private String format = "parquet";

    public String table() {
        return table;
    }

    public String mode() {
        return mode;
    }

    public String partitionBy() {
        return partitionBy;
    }

    public String keys() {
        return keys;
    }

    public String format() {
        return format;
    }

    @Override
    public String elementName() {
        return "hive";
    }

    @Override
    public String label() {
        return id() != null ? id() : "hive " + table;
    }

}
