package io.datahub.spark.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JdbcAccessTest {

    @Test
    void safeUrlRemovesPasswordsFromQueryPropertiesAndUserInfo() {
        assertEquals("jdbc:postgresql://db:5432/crm?user=app&password=***&ssl=true",
                JdbcAccess.safeUrl("jdbc:postgresql://db:5432/crm?user=app&password=s3cret&ssl=true"));
        assertEquals("jdbc:sqlserver://db:1433;databaseName=crm;user=app;Password=***;encrypt=true",
                JdbcAccess.safeUrl("jdbc:sqlserver://db:1433;databaseName=crm;user=app;Password=p@ss;encrypt=true"));
        assertEquals("jdbc:mysql://app:***@db:3306/crm", JdbcAccess.safeUrl("jdbc:mysql://app:p4ss@db:3306/crm"));
        assertEquals("jdbc:h2:file:/data/db/crm;PWD=***", JdbcAccess.safeUrl("jdbc:h2:file:/data/db/crm;PWD=x"));
        assertEquals("jdbc:mariadb://127.0.0.1:3306/test", JdbcAccess.safeUrl("jdbc:mariadb://127.0.0.1:3306/test"));
    }
}
