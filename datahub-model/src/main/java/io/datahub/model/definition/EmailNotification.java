package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <email to on>}. */
@XmlAccessorType(XmlAccessType.FIELD)
public class EmailNotification extends Notification {

    @XmlAttribute
    private String to;

    public String to() {
        return to;
    }

    @Override
    public String elementName() {
        return "email";
    }

}
