package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <unique columns>}: the column combination must be unique. */
@XmlAccessorType(XmlAccessType.FIELD)
public class UniqueRule extends DataQualityRule {

    @XmlAttribute
    private String columns;

    public String columns() {
        return columns;
    }

    @Override
    public String elementName() {
        return "unique";
    }

    @Override
    public List<String> columnsChecked() {
        return CommaList.split(columns);
    }

}
