package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.List;

/** {@code <reference column dataset datasetColumn>}: values exist in another dataset (referential check). */
@XmlAccessorType(XmlAccessType.FIELD)
public class ReferenceRule extends DataQualityRule {

    @XmlAttribute
    private String column;

    @XmlAttribute
    private String dataset;

    @XmlAttribute
    private String datasetColumn;

    public String column() {
        return column;
    }

    public String dataset() {
        return dataset;
    }

    public String datasetColumn() {
        return datasetColumn;
    }

    @Override
    public String elementName() {
        return "reference";
    }

    @Override
    public List<String> columnsChecked() {
        return List.of(column);
    }

    /** The column looked up in {@code dataset}: {@code datasetColumn}, or the same name. */
    public String referencedColumn() {
        return datasetColumn != null ? datasetColumn : column;
    }

}
