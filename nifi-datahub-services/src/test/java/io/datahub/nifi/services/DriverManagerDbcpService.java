package io.datahub.nifi.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.dbcp.DBCPService;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;

/**
 * A DBCPService handing out a new connection per call from {@link DriverManager}: the unit's collaborator in tests; the
 * database behind it is real. Fails as NiFi's pool does, with a ProcessException wrapping the driver's SQLException.
 */
public class DriverManagerDbcpService extends AbstractControllerService implements DBCPService {

    public static final PropertyDescriptor URL = new PropertyDescriptor.Builder()
            .name("Database URL")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return List.of(URL);
    }

    @Override
    public Connection getConnection() {
        try {
            return DriverManager.getConnection(getConfigurationContext().getProperty(URL).getValue());
        } catch (SQLException e) {
            throw new ProcessException("Cannot get a connection", e);
        }
    }
}
