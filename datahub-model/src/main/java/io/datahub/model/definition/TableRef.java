package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/** A {@code <table name="schema.table"/>} inside a database source or target. */
@XmlAccessorType(XmlAccessType.FIELD)
public class TableRef extends Located {

    @XmlAttribute
    private String name;

    public String name() {
        return name;
    }

    @Override
    public String elementName() {
        return "table";
    }

}
