package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** A {@code <notifications>} entry: who is told on which event. */
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class Notification extends Located {

    @XmlAttribute
    private String on;

    public String on() {
        return on;
    }

}
