package org.acdserver.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;

/**
 * A server for tests of the REST API: like {@link WebRig} (no Asterisk, free loopback ports), but on its own copy of
 * the repository's configuration directory, which the API may write, and with a database of its own (in the test
 * JVM's {@link SharedPostgres}) that outlives a {@link #restart()}.
 */
public final class ApiRig implements AutoCloseable {

    private final Path root;
    private final ServerSettings settings;
    private AcdServer server;

    private ApiRig(Path root, ServerSettings settings) {
        this.root = root;
        this.settings = settings;
    }

    public static ApiRig start() throws Exception {
        return start(false);
    }

    /** A rig whose server watches its configuration files (watchFiles) when {@code watch}. */
    public static ApiRig start(boolean watch) throws Exception {
        Path root = Files.createTempDirectory("acd-api-rig-");
        ServerSettings.Database database = null;
        try {
            Path config = root.resolve("config");
            copy(TestRig.repoRoot().resolve("config"), config);
            LoadedConfiguration loaded = new ConfigurationLoader(k -> null).load(config);
            Path data = root.resolve("data");
            database = SharedPostgres.freshDatabase(data.resolve("spool"));
            ServerSettings settings = loaded.settings().toBuilder().agi("127.0.0.1", 0)
                    .publicHttp("127.0.0.1", 0).adminHttp("127.0.0.1", 0)
                    .ami(new ServerSettings.Ami("127.0.0.1", 1, "acd", "unused"))
                    .database(database)
                    .auth(loaded.settings().auth().withLocalTokenFile(data.resolve("admin.token")))
                    .watchFiles(watch)
                    .build();
            ApiRig rig = new ApiRig(root, settings);
            rig.server = AcdServer.start(settings, loaded.configuration());
            return rig;
        } catch (Exception | Error e) {
            if (database != null) {
                SharedPostgres.drop(database);
            }
            TestRig.deleteTree(root);
            throw e;
        }
    }

    /** The running server. */
    public AcdServer server() {
        return server;
    }

    /** The rig's configuration directory. */
    public Path config() {
        return root.resolve("config");
    }

    /** Stops the server and starts it again on the same files and database. */
    public void restart() throws Exception {
        server.close();
        server = null;
        server = AcdServer.start(settings, new ConfigurationLoader(k -> null).load(config()).configuration());
    }

    /** The admin listener's address. */
    public String adminUrl() {
        return "http://127.0.0.1:" + server.adminPort();
    }

    /** An admin's bearer token (the local token). */
    public String adminToken() {
        return server.accounts().localToken();
    }

    /** Adds a user as the local admin would. */
    public User addUser(String username, String password, Role role, String agent, Set<String> queues) {
        return server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser(username, password, role.wireName(), agent, queues)).join();
    }

    /** Copies a directory tree. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                SharedPostgres.drop(settings.database());
            } finally {
                TestRig.deleteTree(root);
            }
        }
    }
}
