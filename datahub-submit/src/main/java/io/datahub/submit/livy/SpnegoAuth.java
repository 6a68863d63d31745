package io.datahub.submit.livy;

import io.datahub.submit.SubmitException;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/** SPNEGO tokens from JGSS with the JVM's Kerberos login; see {@link LivyAuth#spnego(String)}. */
final class SpnegoAuth implements LivyAuth {

    private static final String SPNEGO_OID = "1.3.6.1.5.5.2";
    private static final String KRB5_PRINCIPAL_NAME_OID = "1.2.840.113554.1.2.2.1";

    private final String servicePrincipal;

    SpnegoAuth(String servicePrincipal) {
        this.servicePrincipal = servicePrincipal == null || servicePrincipal.isBlank() ? null : servicePrincipal.strip();
    }

    @Override
    public Map<String, String> headers(URI target) {
        String principal = servicePrincipal != null ? servicePrincipal : "HTTP@" + target.getHost();
        try {
            GSSManager manager = GSSManager.getInstance();
            GSSName name = principal.contains("/")
                    ? manager.createName(principal, new Oid(KRB5_PRINCIPAL_NAME_OID))
                    : manager.createName(principal, GSSName.NT_HOSTBASED_SERVICE);
            GSSContext context = manager.createContext(name, new Oid(SPNEGO_OID), null, GSSContext.DEFAULT_LIFETIME);
            try {
                context.requestMutualAuth(false);
                context.requestCredDeleg(false);
                byte[] token = context.initSecContext(new byte[0], 0, 0);
                return Map.of("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token));
            } finally {
                context.dispose();
            }
        } catch (GSSException e) {
            throw new SubmitException("SPNEGO: no Kerberos service ticket for " + principal + ": " + e.getMessage()
                    + " (the JVM needs a Kerberos login: a JAAS configuration with a keytab, or"
                    + " -Djavax.security.auth.useSubjectCredsOnly=false and a ticket cache, and a krb5.conf)", false, e);
        }
    }

    @Override
    public String toString() {
        return "spnego(" + (servicePrincipal == null ? "HTTP@<host>" : servicePrincipal) + ")";
    }
}
