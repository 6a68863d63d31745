package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <notNull columns>}: the columns must not be null. */
@XmlAccessorType(XmlAccessType.FIELD)
public class NotNullRule extends DataQualityRule {

    @XmlAttribute
    private String columns;

    public String columns() {
        return columns;
    }

    @Override
    public String elementName() {
        return "notNull";
    }

    @Override
    public List<String> columnsChecked() {
        return CommaList.split(columns);
    }

}
