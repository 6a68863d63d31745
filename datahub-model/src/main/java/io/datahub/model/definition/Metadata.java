package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;

/** {@code <metadata>}: owner, description, SLA (ISO-8601 duration) and schedule (5-field cron). */
@XmlAccessorType(XmlAccessType.FIELD)
public class Metadata extends Located {

    @XmlElement
    private String owner;

    @XmlElement
    private String description;

    @XmlElement
    private LocatedText sla;

    @XmlElement
    private LocatedText schedule;

    public String owner() {
        return owner;
    }

    public String description() {
        return description;
    }

    public LocatedText sla() {
        return sla;
    }

    public LocatedText schedule() {
        return schedule;
    }

    @Override
    public String elementName() {
        return "metadata";
    }

}
