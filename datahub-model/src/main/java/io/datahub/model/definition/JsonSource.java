package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <json>} source (JSON lines, or whole documents with {@code multiLine}). */
@XmlAccessorType(XmlAccessType.FIELD)
public class JsonSource extends SourceDefinition {

    @XmlAttribute
    private String path;

    @XmlAttribute
    private boolean multiLine = false;

    @XmlAttribute
    private String badRecords = "fail";

    @XmlAttribute
    private String rejectPath;

    public String path() {
        return path;
    }

    public boolean multiLine() {
        return multiLine;
    }

    public String badRecords() {
        return badRecords;
    }

    public String rejectPath() {
        return rejectPath;
    }

    @Override
    public String elementName() {
        return "json";
    }

}
