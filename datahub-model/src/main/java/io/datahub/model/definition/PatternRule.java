package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <pattern column regex>}: values match a Java regular expression. */
@XmlAccessorType(XmlAccessType.FIELD)
public class PatternRule extends DataQualityRule {

    @XmlAttribute
    private String column;

    @XmlAttribute
    private String regex;

    public String column() {
        return column;
    }

    public String regex() {
        return regex;
    }

    @Override
    public String elementName() {
        return "pattern";
    }

    @Override
    public List<String> columnsChecked() {
        return List.of(column);
    }

}
