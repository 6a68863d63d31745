package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <webhook url|urlSecretRef on>}. */
@XmlAccessorType(XmlAccessType.FIELD)
public class WebhookNotification extends Notification {

    @XmlAttribute
    private String url;

    @XmlAttribute
    private String urlSecretRef;

    public String url() {
        return url;
    }

    public String urlSecretRef() {
        return urlSecretRef;
    }

    @Override
    public String elementName() {
        return "webhook";
    }

}
