package org.acdserver.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How users authenticate, read once at start from the {@code auth} section of acd.yaml (and, for the first admin,
 * from the environment).
 *
 * @param localTokenFile   where the server keeps the token the command line on this machine uses; null for none
 * @param bcryptCost       BCrypt's cost: 2^cost rounds (10 takes about 0.1 s on one core)
 * @param sessionIdle      a browser session ends after this long without a request
 * @param sessionMaxAge    and after this long in any case
 * @param tokenLifetime    an API token's lifetime when its creator names none
 * @param maxTokenLifetime the longest lifetime a token may be given
 * @param secureCookies    mark session cookies Secure even on plain HTTP (behind a TLS proxy); a request that came
 *                         over TLS always gets a Secure cookie
 * @param throttle         how failed logins slow further attempts down
 * @param firstAdmin       the admin to create on first start when no admin exists (ACD_ADMIN_USER and
 *                         ACD_ADMIN_PASSWORD), or null
 */
public record AuthSettings(Path localTokenFile, int bcryptCost, Duration sessionIdle, Duration sessionMaxAge,
                           Duration tokenLifetime, Duration maxTokenLifetime, boolean secureCookies,
                           Throttle throttle, FirstAdmin firstAdmin) {

    /** The defaults, with no local token file and no first admin. */
    public static final AuthSettings DEFAULTS = new AuthSettings(null, 10, Duration.ofHours(1), Duration.ofHours(12),
            Duration.ofDays(90), Duration.ofDays(365), false, Throttle.DEFAULTS, null);

    public AuthSettings {
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("auth.bcryptCost must be 4-31, not " + bcryptCost);
        }
    }

    /** These settings with another local token file (null for none). */
    public AuthSettings withLocalTokenFile(Path file) {
        return new AuthSettings(file, bcryptCost, sessionIdle, sessionMaxAge, tokenLifetime, maxTokenLifetime,
                secureCookies, throttle, firstAdmin);
    }

    /** These settings with another throttle. */
    public AuthSettings withThrottle(Throttle value) {
        return new AuthSettings(localTokenFile, bcryptCost, sessionIdle, sessionMaxAge, tokenLifetime,
                maxTokenLifetime, secureCookies, value, firstAdmin);
    }

    /** These settings with a first admin (null for none). */
    public AuthSettings withFirstAdmin(FirstAdmin value) {
        return new AuthSettings(localTokenFile, bcryptCost, sessionIdle, sessionMaxAge, tokenLifetime,
                maxTokenLifetime, secureCookies, throttle, value);
    }

    /**
     * Failed logins: after {@code userFailures} failures for one username, or {@code addressFailures} from one
     * address, within {@code window}, further attempts are refused for {@code firstLockout}, doubling with each
     * further failure up to {@code maxLockout}. A successful login clears its username's count (not its address's).
     */
    public record Throttle(int userFailures, int addressFailures, Duration window, Duration firstLockout,
                           Duration maxLockout) {
        /** 5 per user, 20 per address, in 15 minutes; locked for 30 s, doubling up to 15 minutes. */
        public static final Throttle DEFAULTS = new Throttle(5, 20, Duration.ofMinutes(15), Duration.ofSeconds(30),
                Duration.ofMinutes(15));

        public Throttle {
            if (userFailures < 1 || addressFailures < 1) {
                throw new IllegalArgumentException("auth.loginThrottle failures must be at least 1");
            }
        }
    }

    /** The first admin, from the environment; the password never appears in {@link #toString()}. */
    public record FirstAdmin(String username, String password) {
        @Override
        public String toString() {
            return "FirstAdmin[" + username + "]";
        }
    }
}
