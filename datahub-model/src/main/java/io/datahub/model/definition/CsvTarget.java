package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <csv>} target: a delimited export; {@code %Y/%m/%d} in the path come from the run date. */
@XmlAccessorType(XmlAccessType.FIELD)
public class CsvTarget extends TargetDefinition {

    @XmlAttribute
    private String path;

    @XmlAttribute
    private boolean header = true;

    @XmlAttribute
    private String delimiter = ",";

    @XmlAttribute
    private String compression = "none";

    @XmlAttribute
    private String mode = "overwrite";

    public String path() {
        return path;
    }

    public boolean header() {
        return header;
    }

    public String delimiter() {
        return delimiter;
    }

    public String compression() {
        return compression;
    }

    public String mode() {
        return mode;
    }

    @Override
    public String elementName() {
        return "csv";
    }

    @Override
    public String label() {
        return id() != null ? id() : "csv " + path;
    }

}
