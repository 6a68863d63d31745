package io.datahub.model.definition;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void seed() {
        DefinitionReader r = new DefinitionReader();
        for (String f : new String[] {"/work/shared/seed-examples/customer_staging_load.xml", "/work/shared/seed-examples/customer_master.xml"}) {
            ParsedDefinition p = r.read(Path.of(f));
            System.out.println(p.errors() + " " + p.definition());
            p.pipeline().ifPresent(d -> {
                d.sources().forEach(s -> System.out.println(s.elementName() + " " + s.id() + " " + s.schemaRef() + " @" + s.lineNumber() + ":" + s.columnNumber()));
                d.transformations().forEach(t -> System.out.println(t.elementName() + " " + t.inputs() + "->" + t.outputDataset() + " @" + t.lineNumber()));
                d.targets().forEach(t -> System.out.println(t.label() + " " + t.schemaRef() + " @" + t.lineNumber()));
                System.out.println(d.metadata().sla().text() + " @" + d.metadata().sla().lineNumber());
            });
            p.job().ifPresent(j -> j.pipelines().forEach(x -> System.out.println(x.id() + " " + x.dependencies() + " @" + x.lineNumber())));
        }
        System.out.println(r.read("x", "<!DOCTYPE x [<!ENTITY a 'b'>]><pipeline/>".getBytes()).errors());
        System.out.println(r.read("x", "<pipeline id='1a' version='1' layer='foo'><sources/><targets><hive table='t' mode='upsert' fetchSize='x'/></targets></pipeline>".getBytes()).errors());
        System.out.println(r.read("x", "<pipeline id='a' version='1' layer='staging'><targets/><sources/></pipeline>".getBytes()).errors());
        System.out.println(r.read("x", "<pipeline id='a' version='1' layer='staging'><sources><csv id='a' path='x'><schemaRef></schemaRef></csv></sources></pipeline>".getBytes()).errors());
        System.out.println(r.read("x", "<foo/>".getBytes()).errors());
        System.out.println(r.read("x", "<pipeline><sources>".getBytes()).errors());
    }
}
