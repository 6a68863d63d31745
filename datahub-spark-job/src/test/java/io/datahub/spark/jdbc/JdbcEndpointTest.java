package io.datahub.spark.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URL shown in messages, and the options Spark's JDBC reader and writer get. */
class JdbcEndpointTest {

    @Test
    void safeUrlRemovesPasswordsFromQueryPropertiesAndUserInfo() {
        assertEquals("jdbc:postgresql://db:5432/crm?user=app&password=***&ssl=true",
                JdbcEndpoint.safeUrl("jdbc:postgresql://db:5432/crm?user=app&password=s3cret&ssl=true"));
        assertEquals("jdbc:sqlserver://db:1433;databaseName=crm;user=app;Password=***;encrypt=true",
                JdbcEndpoint.safeUrl("jdbc:sqlserver://db:1433;databaseName=crm;user=app;Password=p@ss;encrypt=true"));
        assertEquals("jdbc:mysql://app:***@db:3306/crm", JdbcEndpoint.safeUrl("jdbc:mysql://app:p4ss@db:3306/crm"));
        assertEquals("jdbc:h2:file:/data/db/crm;PWD=***", JdbcEndpoint.safeUrl("jdbc:h2:file:/data/db/crm;PWD=x"));
        assertEquals("jdbc:mariadb://127.0.0.1:3306/test", JdbcEndpoint.safeUrl("jdbc:mariadb://127.0.0.1:3306/test"));
    }

    @Test
    void namesTheRegisteredDriverThatAcceptsTheUrlWhenNoDriverAttributeIsGiven() {
        // Spark's own lookup cannot see a driver of spark.jars: it must get the class name (see sparkOptions).
        assertEquals(Map.of("url", "jdbc:postgresql://db:5432/crm", "driver", "org.postgresql.Driver"),
                new JdbcEndpoint("t", "jdbc:postgresql://db:5432/crm", null, null, null).sparkOptions());
    }

    @Test
    void keepsTheDriverAttributeAndTheMariaDbRewrite() {
        assertEquals(Map.of("url", "jdbc:h2:mem:x", "driver", "org.h2.Driver", "user", "u", "password", "p"),
                new JdbcEndpoint("t", "jdbc:h2:mem:x", "org.h2.Driver", "u", "p").sparkOptions());
        assertEquals(Map.of("url", "jdbc:mysql://db:3306/crm?permitMysqlScheme", "driver", "org.mariadb.jdbc.Driver"),
                new JdbcEndpoint("t", "jdbc:mariadb://db:3306/crm", null, null, null).sparkOptions());
    }

    @Test
    void leavesTheDriverOutWhenNoneAcceptsTheUrl() {
        assertEquals(Map.of("url", "jdbc:nosuchdb://db/crm"), new JdbcEndpoint("t", "jdbc:nosuchdb://db/crm", null, null, null).sparkOptions());
    }
}
