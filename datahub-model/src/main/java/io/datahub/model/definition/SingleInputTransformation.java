package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** A transformation that reads one dataset named by {@code source}. */
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class SingleInputTransformation extends Transformation {

    @XmlAttribute
    private String source;

    public String source() {
        return source;
    }

    @Override
    public List<String> inputs() {
        return List.of(source);
    }

}
