package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/** {@code <database>} source: a JDBC query ({@code <sql>} with named parameters) or a whole table. */
@XmlAccessorType(XmlAccessType.FIELD)
public class DatabaseSource extends SourceDefinition {

    @XmlElement
    private LocatedText sql;

    @XmlElement
    private TableRef table;

    @XmlAttribute
    private String jdbcUrl;

    @XmlAttribute
    private String driver;

    @XmlAttribute
    private String userSecretRef;

    @XmlAttribute
    private Integer fetchSize;

    @XmlAttribute
    private String isolationLevel;

    @XmlAttribute
    private String partitionColumn;

    @XmlAttribute
    private Long lowerBound;

    @XmlAttribute
    private Long upperBound;

    @XmlAttribute
    private Integer numPartitions;

    public LocatedText sql() {
        return sql;
    }

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

    public Integer fetchSize() {
        return fetchSize;
    }

    public String isolationLevel() {
        return isolationLevel;
    }

    public String partitionColumn() {
        return partitionColumn;
    }

    public Long lowerBound() {
        return lowerBound;
    }

    public Long upperBound() {
        return upperBound;
    }

    public Integer numPartitions() {
        return numPartitions;
    }

    @Override
    public String elementName() {
        return "database";
    }

}
