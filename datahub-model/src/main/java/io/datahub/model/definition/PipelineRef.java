package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <pipelineRef>}: one pipeline of a job, its dependencies and failure policy. */
@XmlAccessorType(XmlAccessType.FIELD)
public class PipelineRef extends Located {

    @XmlAttribute
    private String id;

    @XmlAttribute
    private String dependsOn;

    @XmlAttribute
    private String onFailure = "halt";

    @XmlAttribute
    private Integer maxRetries;

    @XmlAttribute
    private String retryDelay;

    @XmlAttribute
    private String fallback;

    public String id() {
        return id;
    }

    public String dependsOn() {
        return dependsOn;
    }

    public String onFailure() {
        return onFailure;
    }

    public Integer maxRetries() {
        return maxRetries;
    }

    public String retryDelay() {
        return retryDelay;
    }

    public String fallback() {
        return fallback;
    }

    @Override
    public String elementName() {
        return "pipelineRef";
    }

    public List<String> dependencies() {
        return dependsOn == null ? List.of() : CommaList.split(dependsOn);
    }

}
