package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

/** A target element: writes the final version of a dataset. */
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class TargetDefinition extends Located {

    @XmlElement(name = "schemaRef")
    private LocatedText schemaRefElement;

    @XmlAttribute
    private String id;

    @XmlAttribute
    private String source;

    @XmlAttribute(name = "schemaRef")
    private String schemaRefAttribute;

    public LocatedText schemaRefElement() {
        return schemaRefElement;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public String schemaRefAttribute() {
        return schemaRefAttribute;
    }

    /**
     * The schemaRef given as attribute or child element (the original design uses both forms);
     * both at once is a semantic error reported by the validator.
     */
    public String schemaRef() {
        if (schemaRefElement != null) {
            return schemaRefElement.text();
        }
        return schemaRefAttribute;
    }

    public boolean hasBothSchemaRefForms() {
        return schemaRefElement != null && schemaRefAttribute != null;
    }

    /** A name for messages and results: the id, else the element with its table or path. */
    public abstract String label();

}
