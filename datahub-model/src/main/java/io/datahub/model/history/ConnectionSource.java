package io.datahub.model.history;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out a connection per call (a pool's, or a new one); the repository closes it when done and
 * never keeps one between calls, so a pool (NiFi's DBCPService) can recover from a lost database.
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection get() throws SQLException;
}
