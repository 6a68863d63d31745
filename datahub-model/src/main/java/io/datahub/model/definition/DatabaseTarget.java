package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/** {@code <database>} target: a JDBC table, append / overwrite / merge (upsert on keys) / truncateInsert. */
@XmlAccessorType(XmlAccessType.FIELD)
public class DatabaseTarget extends TargetDefinition {

    @XmlElement
    private TableRef table;

    @XmlAttribute
    private String jdbcUrl;

    @XmlAttribute
    private String driver;

    @XmlAttribute
    private String userSecretRef;

    @XmlAttribute
    private String mode = "append";

    @XmlAttribute
    private String keys;

    @XmlAttribute
    private Integer writeBatchSize;

    @XmlAttribute
    private String isolationLevel;

    public TableRef table() {
        return table;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String driver() {
        return driver;
    }

    public String userSecretRef() {
        return userSecretRef;
    }

    public String mode() {
        return mode;
    }

    public String keys() {
        return keys;
    }

    public Integer writeBatchSize() {
        return writeBatchSize;
    }

    public String isolationLevel() {
        return isolationLevel;
    }

    @Override
    public String elementName() {
        return "database";
    }

    @Override
    public String label() {
        return id() != null ? id() : "database " + (table == null ? "?" : table.name());
    }

}
