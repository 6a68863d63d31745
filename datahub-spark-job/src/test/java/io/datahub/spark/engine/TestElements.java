package io.datahub.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.upper;

import io.datahub.model.definition.SourceDefinition;
import io.datahub.model.definition.TargetDefinition;
import io.datahub.model.definition.Transformation;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.SourceReader;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TargetCommit;
import io.datahub.spark.api.TargetWriter;
import io.datahub.spark.api.TransformationStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Elements that exist only in tests, registered through src/test/resources/META-INF/services: they show
 * that a new element plugs into the engine by registration alone.
 */
final class TestElements {

    /** What test targets committed, by label; and every event, in order. */
    static final Map<String, List<Row>> COMMITTED = new ConcurrentHashMap<>();
    static final List<String> EVENTS = java.util.Collections.synchronizedList(new ArrayList<>());

    private TestElements() {
    }

    /** A source of fixed rows (name, n); reading one named "explode" fails. */
    static final class NamesSource extends SourceDefinition {
        private final String id;
        private final boolean eager;

        NamesSource(String id, boolean eager) {
            this.id = id;
            this.eager = eager;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean isEager() {
            return eager;
        }

        @Override
        public String elementName() {
            return "names";
        }
    }

    public static final class NamesReader implements SourceReader<NamesSource> {
        @Override
        public Class<NamesSource> handles() {
            return NamesSource.class;
        }

        @Override
        public Dataset<Row> read(NamesSource source, RunContext context) {
            EVENTS.add("read " + source.id());
            if (source.id().equals("explode")) {
                throw new DatahubException(ErrorCategory.INPUT_NOT_FOUND, "<names> '" + source.id() + "': nothing here");
            }
            StructType schema = new StructType().add("name", DataTypes.StringType).add("n", DataTypes.IntegerType);
            return context.spark().createDataFrame(List.of(RowFactory.create("ada", 1), RowFactory.create("bob", 2),
                    RowFactory.create("cy", 3)), schema);
        }
    }

    /** A transformation that upper-cases the name column. */
    static final class Shout extends Transformation {
        private final String source;

        Shout(String source) {
            this.source = source;
        }

        @Override
        public List<String> inputs() {
            return List.of(source);
        }

        @Override
        public String elementName() {
            return "shout";
        }
    }

    public static final class ShoutStep implements TransformationStep<Shout> {
        @Override
        public Class<Shout> handles() {
            return Shout.class;
        }

        @Override
        public StepOutput apply(Shout step, List<Dataset<Row>> inputs, RunContext context) {
            return StepOutput.of(inputs.get(0).withColumn("name", upper(col("name"))));
        }
    }

    /** A target that collects its rows on commit; one labelled "broken" fails in prepare. */
    static final class CollectTarget extends TargetDefinition {
        private final String label;
        private final String source;

        CollectTarget(String label, String source) {
            this.label = label;
            this.source = source;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public String elementName() {
            return "collect";
        }
    }

    public static final class CollectWriter implements TargetWriter<CollectTarget> {
        @Override
        public Class<CollectTarget> handles() {
            return CollectTarget.class;
        }

        @Override
        public TargetCommit prepare(CollectTarget target, Dataset<Row> data, RunContext context) {
            EVENTS.add("prepare " + target.label());
            if (target.label().equals("broken")) {
                throw new DatahubException(ErrorCategory.TARGET_WRITE_FAILED, "<collect> 'broken': disk full");
            }
            List<Row> rows = data.collectAsList();
            return new TargetCommit() {
                @Override
                public void commit() {
                    EVENTS.add("commit " + target.label());
                    COMMITTED.put(target.label(), rows);
                }

                @Override
                public void abort() {
                    EVENTS.add("abort " + target.label());
                }
            };
        }
    }
}
