package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** A transformation element: reads dataset(s), writes one dataset. */
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class Transformation extends Located {

    @XmlAttribute
    private String output;

    public String output() {
        return output;
    }

    /** Names of the datasets this transformation reads, in attribute order. */
    public abstract List<String> inputs();

    /** The dataset written: {@code output}, or, without it, the first input (replaced in place). */
    public String outputDataset() {
        return output != null ? output : inputs().get(0);
    }

}
