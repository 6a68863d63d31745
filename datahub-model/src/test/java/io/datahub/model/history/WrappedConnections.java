package io.datahub.model.history;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;

/** Real connections made to behave as another driver would, or to let another writer in at the worst moment. */
final class WrappedConnections {

    private WrappedConnections() {
    }

    /**
     * Lets "another writer" act once, right after the first batch of UPDATEs: the moment between our UPDATE
     * (no row yet) and our INSERT that the repository's retry exists for. READ COMMITTED, so InnoDB takes no
     * gap lock that would make the other writer wait for us instead.
     */
    static Connection racing(Connection real, Runnable otherWriter) throws java.sql.SQLException {
        real.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        boolean[] done = {false};
        InvocationHandler connection = (proxy, method, args) -> {
            Object result = call(method, real, args);
            if (method.getName().equals("prepareStatement") && ((String) args[0]).startsWith("UPDATE")) {
                PreparedStatement statement = (PreparedStatement) result;
                return Proxy.newProxyInstance(WrappedConnections.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                        (p, m, a) -> {
                            Object r = call(m, statement, a);
                            if (m.getName().equals("executeBatch") && !done[0]) {
                                done[0] = true;
                                otherWriter.run();
                            }
                            return r;
                        });
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(WrappedConnections.class.getClassLoader(), new Class<?>[] {Connection.class}, connection);
    }

    /** A connection whose batches report SUCCESS_NO_INFO for every statement, as some drivers' bulk modes do. */
    static Connection withoutBatchCounts(Connection real) {
        return (Connection) Proxy.newProxyInstance(WrappedConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = call(method, real, args);
                    if (!method.getName().equals("prepareStatement")) {
                        return result;
                    }
                    PreparedStatement statement = (PreparedStatement) result;
                    return Proxy.newProxyInstance(WrappedConnections.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                            (p, m, a) -> {
                                Object r = call(m, statement, a);
                                if (m.getName().equals("executeBatch")) {
                                    int[] counts = ((int[]) r).clone();
                                    java.util.Arrays.fill(counts, java.sql.Statement.SUCCESS_NO_INFO);
                                    return counts;
                                }
                                return r;
                            });
                });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
