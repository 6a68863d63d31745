package io.datahub.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the sample applications' inputs (from {@code src-test-data/}) where their pipelines read them:
 * landing and reference files under {@code <data>/applications/<app>/staging/}, and the customer CRM
 * database as the H2 file the pipelines' embedded default JDBC URL names. Idempotent: files are
 * replaced and the CRM table recreated.
 */
final class SampleData {

    private SampleData() {
    }

    static void seed(Path testData, Path data, String app) throws IOException, SQLException {
        Path source = testData.resolve(app);
        if (!Files.isDirectory(source)) {
            throw new IOException("no sample data for application '" + app + "' in " + source);
        }
        Path staging = data.resolve("applications").resolve(app).resolve("staging");
        for (String folder : List.of("landing", "reference")) {
            Path from = source.resolve(folder);
            if (Files.isDirectory(from)) {
                copyTree(from, staging.resolve(folder));
            }
        }
        Path seedSql = source.resolve("db").resolve("crm_seed.sql");
        if (Files.isRegularFile(seedSql)) {
            Files.createDirectories(data.resolve("db"));
            // Start from a fresh file: the seed script recreates everything.
            Files.deleteIfExists(data.resolve("db").resolve("crm.mv.db"));
            Files.deleteIfExists(data.resolve("db").resolve("crm.trace.db"));
            String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("db").resolve("crm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
            // No user: the pipelines' embedded default URL names none (H2 makes the creating user the admin).
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM '" + seedSql.toAbsolutePath().toString().replace("'", "''") + "'");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
