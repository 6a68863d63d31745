package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** A rule inside {@code <validate>}, with the action taken on rows that break it. */
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class DataQualityRule extends Located {

    @XmlAttribute
    private String name;

    @XmlAttribute
    private String action = "fail";

    public String name() {
        return name;
    }

    public String action() {
        return action;
    }

    /** Columns of the validated dataset this rule reads. */
    public abstract List<String> columnsChecked();

    public boolean quarantines() {
        return "quarantine".equals(action);
    }

}
