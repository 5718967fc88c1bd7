package org.acdserver.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.auth.AuthSettings;

/**
 * What the server reads once, at start: where it listens and connects, its database, and where its configuration
 * files are. A reload changes none of it (see {@link ConfigurationSnapshot} for what a reload activates).
 *
 * @param directory      the configuration directory
 * @param agi            where the FastAGI server listens
 * @param asterisks      the Asterisk servers and their managers, at least one; the first is the home of callbacks
 * @param http           the public and the admin HTTP listener
 * @param database       the database; an empty URL means embedded
 * @param flowsDirectory where the flow files are
 * @param watchFiles     whether a change of the configuration files activates them without a command
 * @param lease          active/standby with another server on the same database, or {@link LeaseSettings#OFF}
 * @param agiAllow       the addresses (or CIDR blocks) FastAGI connections are accepted from
 * @param auth           how users log in to the admin listener
 * @param schedulerSlice the scheduler slice the event loops and the routing thread ask for; zero keeps the kernel's
 * @param legEndPause    how long a caller's session waits, once its agent's leg has ended, before its next step;
 *                       zero goes on at once (see {@link #DEFAULT_LEG_END_PAUSE})
 */
public record ServerSettings(Path directory, Endpoint agi, List<AsteriskServer> asterisks, HttpListeners http,
                             Database database, Path flowsDirectory, boolean watchFiles, LeaseSettings lease,
                             List<String> agiAllow, AuthSettings auth, Duration schedulerSlice,
                             Duration legEndPause) {

    /** FastAGI connections are accepted from the local machine only, unless acd.yaml's agi.allow says otherwise. */
    public static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    /**
     * The slice the server's hand-off threads ask of Linux's scheduler unless acd.yaml's {@code schedulerSliceMicros}
     * says otherwise: the shortest the kernel takes (see {@link org.acdserver.gateway.host.SchedulerSlice}).
     */
    public static final Duration DEFAULT_SCHEDULER_SLICE = Duration.ofNanos(100_000);

    /**
     * The pause before a caller's session goes on after its agent's leg ended, unless acd.yaml's
     * {@code legEndPauseMillis} says otherwise. When an agent hangs up, Asterisk is busy ending that call for a few
     * milliseconds, and the server dials the freed agent to the next waiting caller at that moment; the ended
     * caller's next commands (its goodbye, a survey) would compete with that {@code Dial}. 15 ms is inaudible to the
     * caller and longer than most hand-offs (load-tests README, "The ended call's caller waits 15 ms").
     */
    public static final Duration DEFAULT_LEG_END_PAUSE = Duration.ofMillis(15);
    /** The longest pause acd.yaml may set: beyond it a caller would hear the gap. */
    public static final Duration MAX_LEG_END_PAUSE = Duration.ofMillis(200);

    public ServerSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(agi, "agi");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        asterisks = List.copyOf(asterisks);
        if (asterisks.isEmpty()) {
            throw new IllegalArgumentException("at least one Asterisk server is needed");
        }
        Set<String> names = new HashSet<>();
        for (AsteriskServer a : asterisks) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("two Asterisk servers are named " + a.name());
            }
        }
        flowsDirectory = flowsDirectory == null ? directory.resolve("flows") : flowsDirectory;
        lease = lease == null ? LeaseSettings.OFF : lease;
        agiAllow = List.copyOf(agiAllow == null ? LOOPBACK : agiAllow);
        auth = auth == null ? AuthSettings.DEFAULTS : auth;
        schedulerSlice = schedulerSlice == null ? DEFAULT_SCHEDULER_SLICE : schedulerSlice;
        if (schedulerSlice.isNegative()) {
            throw new IllegalArgumentException("the scheduler slice must not be negative: " + schedulerSlice);
        }
        legEndPause = legEndPause == null ? DEFAULT_LEG_END_PAUSE : legEndPause;
        if (legEndPause.isNegative() || legEndPause.compareTo(MAX_LEG_END_PAUSE) > 0) {
            throw new IllegalArgumentException("the pause after an agent's leg must be 0 to "
                    + MAX_LEG_END_PAUSE.toMillis() + " ms, not " + legEndPause.toMillis() + " ms");
        }
    }

    /** Settings for a single Asterisk, without a lease, that accept FastAGI from loopback only, default auth. */
    public ServerSettings(Path directory, Endpoint agi, Ami ami, HttpListeners http, Database database,
                          Path flowsDirectory, boolean watchFiles) {
        this(directory, agi, List.of(AsteriskServer.single(ami)), http, database, flowsDirectory, watchFiles,
                LeaseSettings.OFF, LOOPBACK, AuthSettings.DEFAULTS, DEFAULT_SCHEDULER_SLICE, DEFAULT_LEG_END_PAUSE);
    }

    /** The first Asterisk server's manager: the only one in a single-server installation. */
    public Ami ami() {
        return asterisks.get(0).ami();
    }

    /** Settings with every default, for the configuration in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(directory);
        b.agi = agi;
        b.asterisks = asterisks;
        b.http = http;
        b.database = database;
        b.flowsDirectory = flowsDirectory;
        b.watchFiles = watchFiles;
        b.lease = lease;
        b.agiAllow = agiAllow;
        b.auth = auth;
        b.schedulerSlice = schedulerSlice;
        b.legEndPause = legEndPause;
        return b;
    }

    /** A host and port to bind or connect to. */
    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
        }
    }

    /**
     * The two HTTP listeners: the public one serves only {@code /metrics} and {@code /health}; the admin one the
     * API, the pages and the administrators' commands.
     */
    public record HttpListeners(Endpoint publicListener, Endpoint adminListener) {
        /** 127.0.0.1:8090 public, 127.0.0.1:8091 admin. */
        public static final HttpListeners DEFAULT = new HttpListeners(new Endpoint("127.0.0.1", 8090),
                new Endpoint("127.0.0.1", 8091));

        public HttpListeners {
            Objects.requireNonNull(publicListener, "publicListener");
            Objects.requireNonNull(adminListener, "adminListener");
        }

        /** Both listeners on this host, each on a port the system picks. */
        public static HttpListeners anyFreePorts(String host) {
            return new HttpListeners(new Endpoint(host, 0), new Endpoint(host, 0));
        }
    }

    /**
     * Asterisk manager connection. The secret never appears in {@link #toString()}. The heartbeat pings the manager
     * every {@code heartbeatInterval}; a link silent for {@code heartbeatTimeout} with a Ping unanswered is replaced.
     */
    public record Ami(String host, int port, String username, String secret, Duration heartbeatInterval,
                      Duration heartbeatTimeout) {

        /** The client's settings for this manager, asking only for the event classes in {@code events}. */
        public AmiSettings client(String events) {
            return new AmiSettings(host, port, username, secret, Duration.ofSeconds(3), Duration.ofSeconds(5),
                    Duration.ofMillis(200), Duration.ofSeconds(5)).withHeartbeat(heartbeatInterval, heartbeatTimeout)
                    .withEvents(events);
        }

        /** A manager with the default heartbeat. */
        public Ami(String host, int port, String username, String secret) {
            this(host, port, username, secret, AmiSettings.DEFAULT_HEARTBEAT_INTERVAL,
                    AmiSettings.DEFAULT_HEARTBEAT_TIMEOUT);
        }

        @Override
        public String toString() {
            return "Ami[" + username + "@" + host + ":" + port + "]";
        }
    }

    /**
     * Database connection; the password never appears in {@link #toString()}.
     *
     * @param dataDirectory  the embedded PostgreSQL's data directory; null for a temporary one, deleted on close
     * @param spoolDirectory where records wait while the database is away; null keeps them in memory only
     */
    public record Database(String url, String username, String password, Path dataDirectory, Path spoolDirectory) {
        /** A temporary embedded PostgreSQL, records spooled in memory only: for tests and tools. */
        public static final Database EMBEDDED = new Database("", "", "");

        /** A connection with no data directory of its own: a temporary embedded database, records spooled in memory. */
        public Database(String url, String username, String password) {
            this(url, username, password, null, null);
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return embedded() ? "Database[embedded, " + (dataDirectory == null ? "temporary" : dataDirectory) + "]"
                    : "Database[" + url + "]";
        }
    }

    /** Builds settings; what is not set keeps its default (or the value of the settings it started from). */
    public static final class Builder {
        private final Path directory;
        private Endpoint agi = new Endpoint("127.0.0.1", 4573);
        private List<AsteriskServer> asterisks =
                List.of(AsteriskServer.single(new Ami("127.0.0.1", 5038, "acd", "")));
        private HttpListeners http = HttpListeners.DEFAULT;
        private Database database = Database.EMBEDDED;
        private Path flowsDirectory;
        private boolean watchFiles;
        private LeaseSettings lease = LeaseSettings.OFF;
        private List<String> agiAllow = LOOPBACK;
        private AuthSettings auth = AuthSettings.DEFAULTS;
        private Duration schedulerSlice = DEFAULT_SCHEDULER_SLICE;
        private Duration legEndPause = DEFAULT_LEG_END_PAUSE;

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder agi(String host, int port) {
            this.agi = new Endpoint(host, port);
            return this;
        }

        /** A single Asterisk server, reached through this manager. */
        public Builder ami(Ami value) {
            this.asterisks = List.of(AsteriskServer.single(value));
            return this;
        }

        /** Several Asterisk servers (or one, named). */
        public Builder asterisks(List<AsteriskServer> value) {
            this.asterisks = List.copyOf(value);
            return this;
        }

        public Builder lease(LeaseSettings value) {
            this.lease = value;
            return this;
        }

        public Builder http(HttpListeners value) {
            this.http = value;
            return this;
        }

        /** The public listener ({@code /metrics}, {@code /health}); port 0 picks a free one. */
        public Builder publicHttp(String host, int port) {
            this.http = new HttpListeners(new Endpoint(host, port), http.adminListener());
            return this;
        }

        /** The admin listener; port 0 picks a free one. */
        public Builder adminHttp(String host, int port) {
            this.http = new HttpListeners(http.publicListener(), new Endpoint(host, port));
            return this;
        }

        public Builder database(Database value) {
            this.database = value;
            return this;
        }

        public Builder flowsDirectory(Path value) {
            this.flowsDirectory = value;
            return this;
        }

        public Builder watchFiles(boolean value) {
            this.watchFiles = value;
            return this;
        }

        /** The addresses or CIDR blocks (e.g. {@code 10.0.0.0/24}) FastAGI connections are accepted from. */
        public Builder agiAllow(List<String> value) {
            this.agiAllow = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            this.auth = value;
            return this;
        }

        /** The slice the event loops and the routing thread ask of the scheduler; zero keeps the kernel's. */
        public Builder schedulerSlice(Duration value) {
            this.schedulerSlice = value;
            return this;
        }

        /** How long a caller's session waits after its agent's leg ended; zero goes on at once. */
        public Builder legEndPause(Duration value) {
            this.legEndPause = value;
            return this;
        }

        public ServerSettings build() {
            return new ServerSettings(directory, agi, asterisks, http, database, flowsDirectory, watchFiles, lease,
                    agiAllow, auth, schedulerSlice, legEndPause);
        }
    }
}
