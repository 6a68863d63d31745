package io.datahub.spark.sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collected rows as sorted text ({@code [1,Ann,null]}), so tests compare whole results with hand-written ones. */
final class Rows {

    private Rows() {
    }

    static List<String> sorted(Dataset<Row> data) {
        return data.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    static List<String> sorted(String... rows) {
        return List.of(rows).stream().sorted().toList();
    }

    /** The reject folder's CSV files read by DuckDB (an independent reader), as sorted {@code record|file} lines. */
    static List<String> rejects(Path folder) throws SQLException {
        if (!Files.isDirectory(folder)) {
            throw new AssertionError("reject folder " + folder + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet result = statement.executeQuery("SELECT _corrupt_record, _source_file FROM read_csv('" + folder
                     + "/*.csv', header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = true)")) {
            while (result.next()) {
                lines.add(result.getString(1) + "|" + result.getString(2));
            }
        }
        return lines.stream().sorted().toList();
    }
}
