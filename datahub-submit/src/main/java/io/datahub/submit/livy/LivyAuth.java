package io.datahub.submit.livy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Authentication headers for Livy, asked for once per HTTP request (so a provider can hand out fresh tokens).
 */
@FunctionalInterface
public interface LivyAuth {

    /** Headers to add to a request to {@code target}; empty for none. May throw {@link io.datahub.submit.SubmitException}. */
    Map<String, String> headers(URI target);

    static LivyAuth none() {
        return new LivyAuth() {
            @Override
            public Map<String, String> headers(URI target) {
                return Map.of();
            }

            @Override
            public String toString() {
                return "none";
            }
        };
    }

    /** HTTP basic authentication (Livy behind an LDAP filter or a gateway such as Knox). */
    static LivyAuth basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String value = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new LivyAuth() {
            @Override
            public Map<String, String> headers(URI target) {
                return Map.of("Authorization", value);
            }

            @Override
            public String toString() {
                return "basic(" + user + ")";
            }
        };
    }

    /**
     * Kerberos SPNEGO ({@code Authorization: Negotiate <token>}), the token made per request by the JDK's JGSS
     * with the Kerberos login of the current JVM. That login must exist: a JAAS configuration
     * ({@code java.security.auth.login.config}) with a keytab entry for {@code com.sun.security.jgss.krb5.initiate}, or
     * {@code -Djavax.security.auth.useSubjectCredsOnly=false} with a ticket cache from {@code kinit}, plus a
     * {@code krb5.conf} ({@code java.security.krb5.conf}).
     *
     * @param servicePrincipal Livy's service principal: {@code HTTP/livy.example.com@REALM} (Kerberos form) or
     *                         {@code HTTP@livy.example.com} (host-based form); null for {@code HTTP@<host of the URL>}
     */
    static LivyAuth spnego(String servicePrincipal) {
        return new SpnegoAuth(servicePrincipal);
    }
}
