package io.datahub.spark.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** MariaDB reaches Spark's jdbc source as MySQL, for reads and writes; other URLs pass unchanged. */
class SparkJdbcUrlTest {

    @Test
    void aMariaDbUrlBecomesAMysqlUrlTheMariaDbDriverAccepts() {
        assertEquals("jdbc:mysql://127.0.0.1:3306/crm?permitMysqlScheme", SparkJdbcUrl.of("jdbc:mariadb://127.0.0.1:3306/crm"));
        assertEquals("jdbc:mysql://db:3306/crm?useSsl=true&permitMysqlScheme", SparkJdbcUrl.of("jdbc:mariadb://db:3306/crm?useSsl=true"));
        assertEquals("jdbc:mysql://db/crm?permitMysqlScheme", SparkJdbcUrl.of("JDBC:MariaDB://db/crm"));
    }

    @Test
    void otherUrlsAreUnchanged() {
        assertEquals("jdbc:postgresql://db:5432/crm", SparkJdbcUrl.of("jdbc:postgresql://db:5432/crm"));
        assertEquals("jdbc:mysql://db:3306/crm", SparkJdbcUrl.of("jdbc:mysql://db:3306/crm"));
        assertEquals("jdbc:h2:mem:x;MODE=MySQL", SparkJdbcUrl.of("jdbc:h2:mem:x;MODE=MySQL"));
    }

    @Test
    void theDriverIsNamedForMariaDbUnlessOneIsGiven() {
        assertEquals("org.mariadb.jdbc.Driver", SparkJdbcUrl.driver("jdbc:mariadb://db/crm", null));
        assertEquals("com.example.Driver", SparkJdbcUrl.driver("jdbc:mariadb://db/crm", "com.example.Driver"));
        assertNull(SparkJdbcUrl.driver("jdbc:postgresql://db/crm", null));
        assertEquals("org.postgresql.Driver", SparkJdbcUrl.driver("jdbc:postgresql://db/crm", "org.postgresql.Driver"));
    }
}
