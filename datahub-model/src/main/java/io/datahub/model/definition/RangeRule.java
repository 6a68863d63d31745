package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <range column min max>}: values within bounds (inclusive). */
@XmlAccessorType(XmlAccessType.FIELD)
public class RangeRule extends DataQualityRule {

    @XmlAttribute
    private String column;

    @XmlAttribute
    private String min;

    @XmlAttribute
    private String max;

    public String column() {
        return column;
    }

    public String min() {
        return min;
    }

    public String max() {
        return max;
    }

    @Override
    public String elementName() {
        return "range";
    }

    @Override
    public List<String> columnsChecked() {
        return List.of(column);
    }

}
