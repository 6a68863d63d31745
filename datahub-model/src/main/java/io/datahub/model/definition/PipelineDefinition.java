package io.datahub.model.definition;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlElementWrapper;
import jakarta.xml.bind.annotation.XmlElements;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.List;

/** {@code <pipeline>}: sources, transformations and targets of one data pipeline. */
@XmlRootElement(name = "pipeline")
@XmlAccessorType(XmlAccessType.FIELD)
public class PipelineDefinition extends Located {

    @XmlElement
    private Metadata metadata;

    @XmlElementWrapper(name = "parameters")
    @XmlElement(name = "parameter")
    private List<ParameterDeclaration> parameters;

    @XmlElementWrapper(name = "sources")
    @XmlElements({
            @XmlElement(name = "csv", type = CsvSource.class),
            @XmlElement(name = "database", type = DatabaseSource.class),
            @XmlElement(name = "hive", type = HiveSource.class),
            @XmlElement(name = "parquet", type = ParquetSource.class),
            @XmlElement(name = "json", type = JsonSource.class)
    })
    private List<SourceDefinition> sources;

    @XmlElementWrapper(name = "transformations")
    @XmlElements({
            @XmlElement(name = "deduplicate", type = Deduplicate.class),
            @XmlElement(name = "sort", type = Sort.class),
            @XmlElement(name = "join", type = Join.class),
            @XmlElement(name = "lookup", type = Lookup.class),
            @XmlElement(name = "merge", type = Merge.class),
            @XmlElement(name = "mask", type = Mask.class),
            @XmlElement(name = "aggregate", type = Aggregate.class),
            @XmlElement(name = "filter", type = Filter.class),
            @XmlElement(name = "select", type = Select.class),
            @XmlElement(name = "derive", type = Derive.class),
            @XmlElement(name = "validate", type = Validate.class)
    })
    private List<Transformation> transformations;

    @XmlElementWrapper(name = "targets")
    @XmlElements({
            @XmlElement(name = "hive", type = HiveTarget.class),
            @XmlElement(name = "csv", type = CsvTarget.class),
            @XmlElement(name = "database", type = DatabaseTarget.class)
    })
    private List<TargetDefinition> targets;

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

    public List<SourceDefinition> sources() {
        return sources == null ? List.of() : sources;
    }

    public List<Transformation> transformations() {
        return transformations == null ? List.of() : transformations;
    }

    public List<TargetDefinition> targets() {
        return targets == null ? List.of() : targets;
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
        return "pipeline";
    }

}
