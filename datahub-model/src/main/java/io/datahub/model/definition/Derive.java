package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <derive>}: adds or replaces one column computed by an expression. */
@XmlAccessorType(XmlAccessType.FIELD)
public class Derive extends SingleInputTransformation {

    @XmlAttribute
    private String column;

    @XmlAttribute
    private String expression;

    public String column() {
        return column;
    }

    public String expression() {
        return expression;
    }

    @Override
    public String elementName() {
        return "derive";
    }

}
