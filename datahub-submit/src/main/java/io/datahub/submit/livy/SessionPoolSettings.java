package io.datahub.submit.livy;

import java.time.Duration;

/**
 * The warm-session pool of a {@link LivySessionSubmitter}.
 *
 * @param size               most sessions open at once (at least 1); each runs one run at a time
 * @param idleTimeout        an idle pooled session is deleted after this long without a run (null: never; Livy's own
 *                           {@code livy.server.session.timeout} still applies); a run not polled for this long no
 *                           longer holds its session once Livy reports the session idle
 * @param namePrefix         sessions are named {@code <namePrefix>-<n>}; give each submitter sharing one Livy its own
 * @param stateCheckInterval a starting (or to-be-checked) session is asked for its state at most this often
 */
public record SessionPoolSettings(int size, Duration idleTimeout, String namePrefix, Duration stateCheckInterval) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final String DEFAULT_NAME_PREFIX = "datahub";
    public static final Duration DEFAULT_STATE_CHECK_INTERVAL = Duration.ofSeconds(2);

    public SessionPoolSettings {
        if (size < 1) {
            throw new IllegalArgumentException("session pool size must be at least 1: " + size);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("session idle timeout must be positive: " + idleTimeout);
        }
        namePrefix = namePrefix == null || namePrefix.isBlank() ? DEFAULT_NAME_PREFIX : namePrefix.strip();
        stateCheckInterval = stateCheckInterval == null ? DEFAULT_STATE_CHECK_INTERVAL : stateCheckInterval;
        if (stateCheckInterval.isNegative()) {
            throw new IllegalArgumentException("state check interval must not be negative: " + stateCheckInterval);
        }
    }

    public static SessionPoolSettings of(int size, Duration idleTimeout) {
        return new SessionPoolSettings(size, idleTimeout, null, null);
    }
}
