package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <csv>} source: delimited files, with wildcards in {@code path}. */
@XmlAccessorType(XmlAccessType.FIELD)
public class CsvSource extends SourceDefinition {

    @XmlAttribute
    private String path;

    @XmlAttribute
    private boolean header = true;

    @XmlAttribute
    private String delimiter = ",";

    @XmlAttribute
    private String quote = "\"";

    @XmlAttribute
    private String escape = "\\";

    @XmlAttribute
    private String encoding = "UTF-8";

    @XmlAttribute
    private String nullValue = "";

    @XmlAttribute
    private String dateFormat = "yyyy-MM-dd";

    @XmlAttribute
    private String timestampFormat = "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]";

    @XmlAttribute
    private boolean inferSchema = false;

    @XmlAttribute
    private String badRecords = "fail";

    @XmlAttribute
    private String rejectPath;

    public String path() {
        return path;
    }

    public boolean header() {
        return header;
    }

    public String delimiter() {
        return delimiter;
    }

    public String quote() {
        return quote;
    }

    public String escape() {
        return escape;
    }

    public String encoding() {
        return encoding;
    }

    public String nullValue() {
        return nullValue;
    }

    public String dateFormat() {
        return dateFormat;
    }

    public String timestampFormat() {
        return timestampFormat;
    }

    public boolean inferSchema() {
        return inferSchema;
    }

    public String badRecords() {
        return badRecords;
    }

    public String rejectPath() {
        return rejectPath;
    }

    @Override
    public String elementName() {
        return "csv";
    }

}
