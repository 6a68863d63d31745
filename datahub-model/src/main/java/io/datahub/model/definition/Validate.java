package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElements;
import java.util.ArrayList;
import java.util.List;

/** {@code <validate>}: data-quality rules; failing rows fail the run, warn, or go to {@code quarantineOutput}. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Validate extends SingleInputTransformation {

    @XmlElements({
            @XmlElement(name = "notNull", type = NotNullRule.class),
            @XmlElement(name = "unique", type = UniqueRule.class),
            @XmlElement(name = "range", type = RangeRule.class),
            @XmlElement(name = "pattern", type = PatternRule.class),
            @XmlElement(name = "allowedValues", type = AllowedValuesRule.class),
            @XmlElement(name = "reference", type = ReferenceRule.class)
    })
    private List<DataQualityRule> rules = new ArrayList<>();

    @XmlAttribute
    private String quarantineOutput;

    public List<DataQualityRule> rules() {
        return rules;
    }

    public String quarantineOutput() {
        return quarantineOutput;
    }

    @Override
    public String elementName() {
        return "validate";
    }

}
