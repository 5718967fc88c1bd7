package org.acdserver.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;

/**
 * A server with (a copy of) the repository's configuration, a fresh database of its own (in the test JVM's
 * {@link SharedPostgres}) and free loopback ports, and no Asterisk
 * (its manager link keeps failing to connect, which nothing here needs): for tests of the admin listener, its pages
 * and its logins. Each rig has its own local token file in a temporary directory.
 */
public final class WebRig implements AutoCloseable {

    public final AcdServer server;
    private final Path directory;
    private final ServerSettings.Database database;

    private WebRig(AcdServer server, Path directory, ServerSettings.Database database) {
        this.server = server;
        this.directory = directory;
        this.database = database;
    }

    public static WebRig start() throws Exception {
        return start(b -> b);
    }

    /** A rig whose settings the caller adjusts (e.g. a faster login throttle). */
    public static WebRig start(UnaryOperator<ServerSettings.Builder> adjust) throws Exception {
        Path dir = Files.createTempDirectory("acd-web-rig-");
        ServerSettings.Database database = null;
        try {
            database = SharedPostgres.freshDatabase(null);
            // A copy of the repository's configuration: the admin API may write the files it runs on.
            ApiRig.copy(TestRig.repoRoot().resolve("config"), dir.resolve("config"));
            LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(dir.resolve("config"));
            ServerSettings.Builder settings = loaded.settings().toBuilder().agi("127.0.0.1", 0)
                    .publicHttp("127.0.0.1", 0).adminHttp("127.0.0.1", 0)
                    .ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                    .database(database)
                    .auth(loaded.settings().auth().withLocalTokenFile(dir.resolve("admin.token")));
            return new WebRig(AcdServer.start(adjust.apply(settings).build(), loaded.configuration()), dir, database);
        } catch (Exception | Error e) {
            if (database != null) {
                SharedPostgres.drop(database);
            }
            TestRig.deleteTree(dir);
            throw e;
        }
    }

    /** The admin listener's address, e.g. {@code http://127.0.0.1:40123}. */
    public String adminUrl() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    /** The public listener's address. */
    public String publicUrl() {
        return "http://127.0.0.1:" + server.publicPort();
    }

    /** The rig's local token: an admin's bearer token. */
    public String adminToken() {
        return server.accounts().localToken();
    }

    /** Adds a user as the local admin would. */
    public User addUser(String username, String password, Role role, String agent, Set<String> queues) {
        return server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser(username, password, role.wireName(), agent, queues)).join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            try {
                SharedPostgres.drop(database);
            } finally {
                TestRig.deleteTree(directory);
            }
        }
    }
}
