package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.List;

/** {@code <lookup>} file: reference data behind a pipeline's {@code <lookup reference>}. */
@XmlRootElement(name = "lookup")
@XmlAccessorType(XmlAccessType.FIELD)
public class LookupTableDefinition extends Located {

    @XmlElement
    private String description;

    @XmlElements({
            @XmlElement(name = "csv", type = CsvSource.class),
            @XmlElement(name = "database", type = DatabaseSource.class),
            @XmlElement(name = "hive", type = HiveSource.class),
            @XmlElement(name = "parquet", type = ParquetSource.class),
            @XmlElement(name = "json", type = JsonSource.class)
    })
    private SourceDefinition source;

    @XmlAttribute
    private String id;

    @XmlAttribute
    private String keys;

    @XmlAttribute
    private boolean broadcast = true;

    public String description() {
        return description;
    }

    public SourceDefinition source() {
        return source;
    }

    public String id() {
        return id;
    }

    public String keys() {
        return keys;
    }

    public boolean broadcast() {
        return broadcast;
    }

    @Override
    public String elementName() {
        return "lookup";
    }

}
