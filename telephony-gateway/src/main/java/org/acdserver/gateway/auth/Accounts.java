package org.acdserver.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.audit.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's users, sessions, tokens and the rules of who may do what, wired once at start: the stores over the
 * database, the password hasher, the login throttle, the local token file, and the first admin from the environment.
 */
public final class Accounts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Logins logins;
    private final UserAccounts userAccounts;
    private final ApiTokens tokens;
    private final AccessPolicy policy;
    private final SessionStore sessions;
    private final TokenStore tokenStore;
    private final String localSecret;

    /**
     * Opens (or creates) the local token file, and creates the first admin from the environment when none exists.
     *
     * @param jdbc      where blocking JDBC runs
     * @param routing   the active routing configuration (agents and queues users are checked against)
     * @param scheduler where the purge of expired sessions is scheduled
     * @throws IOException  when the local token file cannot be created or is unsafe
     * @throws SQLException when the first admin cannot be created
     */
    public Accounts(DataSource dataSource, AuthSettings settings, Audit audit, Executor jdbc, MeterRegistry meters,
                    Supplier<RoutingConfiguration> routing, Clock clock, ScheduledExecutorService scheduler)
            throws IOException, SQLException {
        this.users = new UserStore(dataSource);
        this.hasher = new PasswordHasher(settings.bcryptCost());
        this.sessions = new SessionStore(dataSource, clock, settings.sessionIdle(), settings.sessionMaxAge());
        this.tokenStore = new TokenStore(dataSource, clock);
        this.localSecret = settings.localTokenFile() == null ? null
                : LocalToken.readOrCreate(settings.localTokenFile());
        if (localSecret != null) {
            LOG.info("the command line on this machine authenticates with {}", settings.localTokenFile());
        }
        this.logins = new Logins(users, sessions, tokenStore, hasher, new LoginThrottle(settings.throttle(), clock),
                audit, jdbc, localSecret, meters);
        this.userAccounts = new UserAccounts(users, hasher, audit, jdbc, routing);
        this.tokens = new ApiTokens(tokenStore, users, audit, jdbc, clock, settings.tokenLifetime(),
                settings.maxTokenLifetime());
        this.policy = new AccessPolicy(routing);
        try {
            logins.createFirstAdmin(settings.firstAdmin());
        } catch (SQLException | RuntimeException e) {
            hasher.close();
            throw e;
        }
        purgeSessionsEvery10Minutes(scheduler, jdbc);
        if (!users.hasAdmin() && localSecret == null) {
            LOG.warn("no admin user exists and there is no local token file: set ACD_ADMIN_USER and"
                    + " ACD_ADMIN_PASSWORD, or auth.localTokenFile, to be able to administer this server");
        }
    }

    public Logins logins() {
        return logins;
    }

    public UserAccounts users() {
        return userAccounts;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    /** The rules of who may do what to which queue or agent. */
    public AccessPolicy policy() {
        return policy;
    }

    /** The users' table itself, for start-up and tests. */
    public UserStore userStore() {
        return users;
    }

    /** The API tokens' table itself, for tests. */
    public TokenStore tokenStore() {
        return tokenStore;
    }

    /** The browser sessions. */
    public SessionStore sessions() {
        return sessions;
    }

    /**
     * Every ten minutes, deletes sessions past their idle time or maximum age. They are refused anyway; this only
     * keeps the table small. The JDBC work runs on {@code jdbc}, never on the scheduler's thread.
     */
    private void purgeSessionsEvery10Minutes(ScheduledExecutorService scheduler, Executor jdbc) {
        scheduler.scheduleAtFixedRate(() -> jdbc.execute(() -> {
            try {
                sessions.purgeExpired();
            } catch (SQLException e) {
                LOG.warn("expired sessions not purged: {}", e.getMessage());
            }
        }), 10, 10, TimeUnit.MINUTES);
    }

    /** The local token's secret (what the command line sends); null when there is no local token file. */
    public String localToken() {
        return localSecret;
    }

    @Override
    public void close() {
        hasher.close();
    }
}
