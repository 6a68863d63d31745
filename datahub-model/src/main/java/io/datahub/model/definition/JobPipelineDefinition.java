package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.List;

/** {@code <jobPipeline>}: pipelines chained into a DAG with failure policies and notifications. */
@XmlRootElement(name = "jobPipeline")
@XmlAccessorType(XmlAccessType.FIELD)
public class JobPipelineDefinition extends Located {

    @XmlElement
    private Metadata metadata;

    @XmlElementWrapper(name = "parameters")
    @XmlElement(name = "parameter")
    private List<ParameterDeclaration> parameters;

    @XmlElementWrapper(name = "pipelines")
    @XmlElement(name = "pipelineRef")
    private List<PipelineRef> pipelines;

    @XmlElementWrapper(name = "notifications")
    @XmlElements({
            @XmlElement(name = "email", type = EmailNotification.class),
            @XmlElement(name = "webhook", type = WebhookNotification.class)
    })
    private List<Notification> notifications;

    @XmlAttribute
    private String id;

    @XmlAttribute
    private String version;

    @XmlAttribute
    private String layer;

    public Metadata metadata() {
        return metadata;
    }

    public List<ParameterDeclaration> parameters() {
        return parameters == null ? List.of() : parameters;
    }

    public List<PipelineRef> pipelines() {
        return pipelines == null ? List.of() : pipelines;
    }

    public List<Notification> notifications() {
        return notifications == null ? List.of() : notifications;
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public String layer() {
        return layer;
    }

    @Override
    public String elementName() {
        return "jobPipeline";
    }

}
