package org.acdserver.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.acdserver.gateway.audit.Audit;
import org.acdserver.gateway.audit.AuditEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out, and telling who sent a request. A login is throttled first (see {@link LoginThrottle}), then
 * its password is checked on the hashing pool, then a session is opened; successes and failures are audited. An
 * unknown user, a wrong password and a disabled user get the same answer and take as long, so the answer tells a
 * guesser nothing about which names exist.
 *
 * <p>A request proves who it is with a bearer token (an API token, or the local token of the command line on the
 * server's machine) or a session cookie. Lookups run on the JDBC executor; nothing here blocks its caller.
 */
public final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    /** What every refused login hears. */
    public static final String REFUSED = "wrong username or password";

    /** How a login ended. */
    public sealed interface Result {
    }

    /** Logged in: the user and their new session. */
    public record Granted(User user, SessionStore.Opened session) implements Result {
    }

    /** Wrong username or password, or a disabled user. */
    public record Refused() implements Result {
    }

    /** Too many failures: try again after {@code retryAfter}. */
    public record Throttled(Duration retryAfter, String why) implements Result {
    }

    private final UserStore users;
    private final SessionStore sessions;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Audit audit;
    private final Executor jdbc;
    private final String localSecret;
    private final Counter granted;
    private final Counter refused;
    private final Counter throttled;

    /**
     * @param localSecret the local token file's secret, or null when there is none
     */
    public Logins(UserStore users, SessionStore sessions, TokenStore tokens, PasswordHasher hasher,
                  LoginThrottle throttle, Audit audit, Executor jdbc, String localSecret, MeterRegistry meters) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.jdbc = jdbc;
        this.localSecret = localSecret;
        this.granted = logins(meters, "granted");
        this.refused = logins(meters, "refused");
        this.throttled = logins(meters, "throttled");
    }

    private static Counter logins(MeterRegistry meters, String result) {
        return Counter.builder("acd.logins").tag("result", result).description("login attempts by their result")
                .register(meters);
    }

    /** Checks a username and password from an address; on success opens a session. */
    public CompletableFuture<Result> login(String username, String password, String address, String userAgent) {
        String name = username == null ? "" : username.strip();
        LoginThrottle.Verdict verdict = throttle.check(name, address);
        if (!verdict.allowed()) {
            // Not audited one by one: a guesser hammering a locked account would fill the log. The failure that
            // started the lockout is audited, and these are counted.
            throttled.increment();
            return CompletableFuture.completedFuture(new Throttled(verdict.retryAfter(), verdict.why()));
        }
        return CompletableFuture.supplyAsync(() -> credentials(name), jdbc)
                .thenCompose(found -> hasher.matches(password, found.map(UserStore.Credentials::passwordHash)
                        .orElse(null)).thenApply(ok -> ok ? found.map(UserStore.Credentials::user)
                        .filter(u -> !u.disabled()) : Optional.<User>empty()))
                .thenComposeAsync(user -> user.isPresent() ? open(user.get(), address, userAgent)
                        : failed(name, address), jdbc);
    }

    private Optional<UserStore.Credentials> credentials(String username) {
        try {
            return username.isEmpty() ? Optional.empty() : users.credentials(username);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    private CompletableFuture<Result> open(User user, String address, String userAgent) {
        SessionStore.Opened session;
        try {
            session = sessions.open(user, address, userAgent);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
        throttle.succeeded(user.username());
        granted.increment();
        AuditEntry entry = new AuditEntry(0, null, user.username(), user.role().wireName(), address, "login", null,
                true, null, null, null);
        return audit.record(entry).thenApply(done -> (Result) new Granted(user, session));
    }

    private CompletableFuture<Result> failed(String username, String address) {
        Duration locked = throttle.failed(username, address);
        refused.increment();
        AuditEntry entry = AuditEntry.by(username.isEmpty() ? "(none)" : username, "login").withAddress(address)
                .failed(locked.isZero() ? REFUSED : REFUSED + "; further logins locked for " + locked.toSeconds()
                        + " s");
        return audit.record(entry).exceptionally(e -> null).thenApply(done -> (Result) new Refused());
    }

    /** Ends a session and audits the logout. */
    public CompletableFuture<Void> logout(Caller caller) {
        return CompletableFuture.runAsync(() -> {
            try {
                sessions.close(caller.sessionKey());
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, jdbc).thenCompose(done -> audit.record(AuditEntry.by(caller, "logout")));
    }

    /**
     * Who sent a request: the bearer token's user, else the session cookie's; empty when neither is live.
     *
     * @param bearer  the {@code Authorization: Bearer} value, or null
     * @param session the session cookie's value, or null
     * @param address the client's address
     */
    public CompletableFuture<Optional<Caller>> identify(String bearer, String session, String address) {
        if (bearer != null) {
            if (localSecret != null && Secrets.same(bearer, localSecret)) {
                return CompletableFuture.completedFuture(Optional.of(new Caller(User.LOCAL, Caller.Credential.LOCAL,
                        null, null, address)));
            }
            if (!bearer.startsWith(TokenStore.PREFIX)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return tokens.find(bearer).map(u -> new Caller(u, Caller.Credential.TOKEN, null, null, address));
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, jdbc);
        }
        if (session != null && !session.isEmpty()) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return sessions.find(session).map(s -> new Caller(s.user(), Caller.Credential.SESSION,
                            s.csrfToken(), s.key(), address));
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, jdbc);
        }
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * Creates the first admin from the environment when no enabled admin exists yet; blocking, for start-up.
     *
     * @return true when one was created
     */
    public boolean createFirstAdmin(AuthSettings.FirstAdmin first) throws SQLException {
        if (first == null || first.username() == null || first.username().isBlank()) {
            return false;
        }
        if (users.hasAdmin()) {
            LOG.info("ACD_ADMIN_USER ignored: an admin exists already");
            return false;
        }
        String weak = PasswordHasher.weakness(first.password());
        if (weak != null) {
            throw new IllegalArgumentException("ACD_ADMIN_PASSWORD: " + weak);
        }
        User admin = users.add(first.username().strip(), hasher.hashNow(first.password()), Role.ADMIN, null, null);
        audit.record(AuditEntry.by("environment", "user_add").withTarget(admin.username()).withAfter(admin))
                .join();
        LOG.info("created the first admin '{}' from ACD_ADMIN_USER", admin.username());
        return true;
    }
}
