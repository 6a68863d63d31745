package io.datahub.spark.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options Spark's JDBC writer gets: the driver class is always named when a driver accepts the URL. */
class JdbcConnectorTest {

    @Test
    void namesTheRegisteredDriverThatAcceptsTheUrlWhenNoDriverAttributeIsGiven() {
        // Spark's own lookup cannot see a driver of spark.jars: it must get the class name (see sparkOptions).
        assertEquals(Map.of("url", "jdbc:postgresql://db:5432/crm", "driver", "org.postgresql.Driver"),
                new JdbcConnector("t", "jdbc:postgresql://db:5432/crm", null, null, null).sparkOptions());
    }

    @Test
    void keepsTheDriverAttributeAndTheMariaDbRewrite() {
        assertEquals(Map.of("url", "jdbc:h2:mem:x", "driver", "org.h2.Driver", "user", "u", "password", "p"),
                new JdbcConnector("t", "jdbc:h2:mem:x", "org.h2.Driver", "u", "p").sparkOptions());
        assertEquals(Map.of("url", "jdbc:mysql://db:3306/crm?permitMysqlScheme", "driver", "org.mariadb.jdbc.Driver"),
                new JdbcConnector("t", "jdbc:mariadb://db:3306/crm", null, null, null).sparkOptions());
    }

    @Test
    void leavesTheDriverOutWhenNoneAcceptsTheUrl() {
        assertEquals(Map.of("url", "jdbc:nosuchdb://db/crm"), new JdbcConnector("t", "jdbc:nosuchdb://db/crm", null, null, null).sparkOptions());
    }
}
