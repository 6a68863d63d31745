package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <hive>} source: a catalog table, so a layer reads the one before it. */
@XmlAccessorType(XmlAccessType.FIELD)
public class HiveSource extends SourceDefinition {

    @XmlAttribute
    private String table;

    @XmlAttribute
    private String where;

    public String table() {
        return table;
    }

    public String where() {
        return where;
    }

    @Override
    public String elementName() {
        return "hive";
    }

}
