package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <join>}: joins {@code left} and {@code right} on a condition qualified by dataset ids. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Join extends Transformation {

    @XmlAttribute
    private String left;

    @XmlAttribute
    private String right;

    @XmlAttribute
    private String type = "inner";

    @XmlAttribute
    private String condition;

    public String left() {
        return left;
    }

    public String right() {
        return right;
    }

    public String type() {
        return type;
    }

    public String condition() {
        return condition;
    }

    @Override
    public String elementName() {
        return "join";
    }

    @Override
    public List<String> inputs() {
        return List.of(left, right);
    }

}
