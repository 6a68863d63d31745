package io.datahub.model.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unreachable databases, unusable schema names, and how errors are classified. */
class RunHistoryFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://127.0.0.1:1/test?user=postgres",
        "jdbc:mariadb://127.0.0.1:1/test?user=root",
        "jdbc:h2:tcp://127.0.0.1:1/./history"})
    void unreachableDatabaseIsUnavailable(String url) {
        RunHistoryRepository repo = new RunHistoryRepository(() -> DriverManager.getConnection(url), "ops");
        List<Runnable> calls = List.of(repo::createTables, repo::checkTables,
                () -> repo.record(RunHistoryRepositoryTest.started("r1", 1)),
                () -> repo.recordAll(List.of(RunHistoryRepositoryTest.started("r1", 1))),
                () -> repo.find("r1", 1), () -> repo.runsOfJob("j"), () -> repo.findJob("j"),
                () -> repo.daily(null, LocalDate.of(2024, 1, 1)), () -> repo.failureReasons(null, LocalDate.of(2024, 1, 1), 5));
        for (Runnable call : calls) {
            RunHistoryException e = assertThrows(RunHistoryException.class, call::run);
            assertTrue(e.unavailable(), e::getMessage);
            assertTrue(e.getMessage().startsWith("run history database unavailable: "), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops\"; DROP SCHEMA public CASCADE; --", "o'ps", "ops.runs", "1ops", "", "ops ", "öps"})
    void schemaMustBeAPlainIdentifier(String schema) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunHistoryRepository(() -> null, schema));
        assertEquals("run history schema must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters), was '"
                + schema + "'", e.getMessage());
    }

    @Test
    void schemaLimits() {
        new RunHistoryRepository(() -> null, "_Ops_2");
        new RunHistoryRepository(() -> null, "s".repeat(63));
        assertThrows(IllegalArgumentException.class, () -> new RunHistoryRepository(() -> null, "s".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new RunHistoryRepository(() -> null, null));
    }

    @Test
    void connectionProblemsAreTold() {
        assertTrue(RunHistoryException.of("x", new SQLException("gone", "08006")).unavailable());
        assertTrue(RunHistoryException.of("x", new SQLTransientConnectionException("pool timeout")).unavailable());
        assertTrue(RunHistoryException.of("x", new SQLNonTransientConnectionException("refused")).unavailable());
        assertTrue(RunHistoryException.of("x", new SQLException("io", "S1000",
                new IOException("wrapped", new ConnectException("Connection refused")))).unavailable());
        SQLException batch = new SQLException("batch failed", "HY000");
        batch.setNextException(new SQLException("link failure", "08S01"));
        assertTrue(RunHistoryException.of("x", batch).unavailable());

        RunHistoryException down = RunHistoryException.of("write of job run j1", new SQLException("Connection refused", "08001"));
        assertEquals("run history database unavailable: Connection refused", down.getMessage());

        RunHistoryException syntax = RunHistoryException.of("write of job run j1", new SQLException("syntax error", "42601"));
        assertFalse(syntax.unavailable());
        assertEquals("run history write of job run j1 failed: syntax error", syntax.getMessage());
        assertFalse(RunHistoryException.of("x", new SQLException("no state")).unavailable());
    }

    @Test
    void duplicateKeysAreRecognised() {
        assertTrue(RunHistoryRepository.isDuplicateKey(new SQLException("dup", "23505")));
        assertTrue(RunHistoryRepository.isDuplicateKey(new SQLException("Duplicate entry", "23000", 1062)));
        SQLException batch = new java.sql.BatchUpdateException("batch", "HY000", 0, new int[0]);
        batch.setNextException(new SQLException("dup", "23505"));
        assertTrue(RunHistoryRepository.isDuplicateKey(batch));
        assertFalse(RunHistoryRepository.isDuplicateKey(new SQLException("not null", "23502")));
        assertFalse(RunHistoryRepository.isDuplicateKey(new SQLException("fk", "23000", 1452)));
    }
}
