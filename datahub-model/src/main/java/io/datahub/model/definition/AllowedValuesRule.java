package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <allowedValues column values>}: values from a fixed list. */
@XmlAccessorType(XmlAccessType.FIELD)
public class AllowedValuesRule extends DataQualityRule {

    @XmlAttribute
    private String column;

    @XmlAttribute
    private String values;

    public String column() {
        return column;
    }

    public String values() {
        return values;
    }

    @Override
    public String elementName() {
        return "allowedValues";
    }

    @Override
    public List<String> columnsChecked() {
        return List.of(column);
    }

}
