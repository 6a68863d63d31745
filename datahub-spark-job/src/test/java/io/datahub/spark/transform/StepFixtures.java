package io.datahub.spark.transform;

import io.datahub.model.definition.Transformation;
import io.datahub.spark.SparkTestSupport;
import io.datahub.spark.api.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Small hand-written datasets and one-step pipelines for the transformation step tests. */
final class StepFixtures {

    private StepFixtures() {
    }

    /** A dataset of {@code rows} with a DDL schema such as {@code "id INT, email STRING"}. */
    static Dataset<Row> dataset(String ddl, Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(RowFactory.create(row));
        }
        return SparkTestSupport.spark().createDataFrame(list, StructType.fromDDL(ddl));
    }

    static Object[] row(Object... values) {
        return values;
    }

    /** Rows as {@code a|b|c} (null as {@code null}), sorted, for exact comparison regardless of partitioning. */
    static List<String> rows(Dataset<Row> data) {
        return data.collectAsList().stream()
                .map(r -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < r.size(); i++) {
                        values.add(String.valueOf(r.get(i)));
                    }
                    return String.join("|", values);
                })
                .sorted()
                .collect(Collectors.toList());
    }

    static List<String> columns(Dataset<Row> data) {
        return Arrays.asList(data.columns());
    }

    static List<String> sorted(String... rows) {
        return Arrays.stream(rows).sorted().toList();
    }

    /** A valid pipeline with a csv source per id in {@code sources} and the given transformations. */
    static String pipeline(String sources, String transformations) {
        StringBuilder xml = new StringBuilder("<pipeline id=\"p\" version=\"1.0.0\" layer=\"standardization\"><sources>");
        for (String id : sources.split(",")) {
            xml.append("<csv id=\"").append(id.strip()).append("\" path=\"in/").append(id.strip()).append(".csv\"/>");
        }
        return xml.append("</sources><transformations>").append(transformations)
                .append("</transformations><targets><csv path=\"out\"/></targets></pipeline>").toString();
    }

    /** The first transformation of the pipeline, as parsed from XML. */
    static <T extends Transformation> T step(String pipelineXml, Class<T> type) {
        return type.cast(SparkTestSupport.pipeline(pipelineXml).transformations().get(0));
    }

    static RunContext context(String pipelineXml, Map<String, String> secrets) {
        return SparkTestSupport.context(pipelineXml, Path.of("target", "transform-tests"), secrets);
    }
}
