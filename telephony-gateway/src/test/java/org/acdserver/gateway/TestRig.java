package org.acdserver.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.config.ConfigurationLoader;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.ManagerAction;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;

/**
 * A real Asterisk sandbox and a server wired to it, on free loopback ports, with the repository's flows and the
 * given queues and agents. Integration tests build one per class. Each rig has a data directory of its own (the
 * record spool, as a server keeps it by default), deleted when the rig closes, and a fresh database of its own in
 * the test JVM's {@link SharedPostgres}, dropped when the rig closes.
 */
public final class TestRig implements AutoCloseable {

    public final AsteriskSandbox sandbox;
    public final AcdServer server;
    private final Path dataDirectory;
    private final ServerSettings.Database database;

    private TestRig(AsteriskSandbox sandbox, AcdServer server, Path dataDirectory, ServerSettings.Database database) {
        this.sandbox = sandbox;
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.database = database;
    }

    /** A bearer token the admin listener takes as an admin's (the rig's own local token). */
    public String adminToken() {
        return server.accounts().localToken();
    }

    public static Path repoRoot() {
        return AsteriskSandbox.repoRoot();
    }

    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents)
            throws Exception {
        return start(name, queues, agents, repoRoot().resolve("config"), Map.of());
    }

    /** A rig whose flows, schedules and queries come from another configuration directory. */
    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                Path configDir) throws Exception {
        return start(name, queues, agents, configDir, Map.of());
    }

    /** A rig whose queues offer callbacks with these policies. */
    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                Map<String, CallbackSettings> callbacks)
            throws Exception {
        return start(name, queues, agents, repoRoot().resolve("config"), callbacks);
    }

    /** A rig with its own configuration directory and callback policies. */
    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                Path configDir,
                                Map<String, CallbackSettings> callbacks)
            throws Exception {
        return start(name, queues, agents, configDir, callbacks, List.of(), s -> s);
    }

    /** A rig whose Asterisk has PJSIP endpoints for these agents' phones (SIPp phones register there). */
    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                Path configDir, List<SipAccount> phones) throws Exception {
        return start(name, queues, agents, configDir, Map.of(), phones, s -> s);
    }

    /**
     * A rig whose server settings the test changes last, for example to reach the manager or the database through
     * something it can cut; {@code change} gets the settings the rig would use (the sandbox's manager, the rig's own
     * data directory and database) and returns those to start with.
     */
    public static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                Path configDir, Map<String, CallbackSettings> callbacks,
                                SettingsChange change) throws Exception {
        return start(name, queues, agents, configDir, callbacks, List.of(), change);
    }

    private static TestRig start(String name, List<QueueDefinition> queues, List<AgentDefinition> agents,
                                 Path configDir,
                                 Map<String, CallbackSettings> callbacks,
                                 List<SipAccount> phones, SettingsChange change) throws Exception {
        LoadedConfiguration base = new ConfigurationLoader(k -> null).load(configDir);
        int agiPort = AsteriskSandbox.freePort();
        Path data = Files.createTempDirectory("acd-rig-" + name + "-");
        AsteriskSandbox sandbox;
        try {
            sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults(name).withAgi("127.0.0.1", agiPort)
                    .withPhones(phones));
        } catch (Exception | Error e) {
            deleteTree(data);
            throw e;
        }
        ServerSettings.Database database = null;
        try {
            database = SharedPostgres.freshDatabase(data.resolve("spool"));
            ServerSettings settings = base.settings().toBuilder()
                    .agi("127.0.0.1", agiPort)
                    .publicHttp("127.0.0.1", 0)
                    .adminHttp("127.0.0.1", 0)
                    .ami(new ServerSettings.Ami(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiUser(),
                            sandbox.amiSecret()))
                    .database(database)
                    .auth(base.settings().auth().withLocalTokenFile(data.resolve("admin.token")))
                    .build();
            ConfigurationSnapshot configuration = base.configuration().toBuilder()
                    .routing(new RoutingConfiguration(queues, agents))
                    .callbacks(callbacks)
                    .build();
            return new TestRig(sandbox, AcdServer.start(change.apply(settings), configuration), data, database);
        } catch (Exception | Error e) {
            sandbox.close();
            if (database != null) {
                SharedPostgres.drop(database);
            }
            deleteTree(data);
            throw e;
        }
    }

    /** A change of the server settings a rig starts with. */
    @FunctionalInterface
    public interface SettingsChange {
        ServerSettings apply(ServerSettings settings) throws Exception;
    }

    /** Places a simulated caller through the server's own manager connection; completes with the manager's answer. */
    public CompletableFuture<AmiMessage> place(SimulatedCaller caller, String id) {
        ManagerAction originate = caller.originate(id);
        return server.ami().send(AmiAction.of(originate.name(), originate.headers()));
    }

    /** Deletes a directory tree, for temporary configuration copies. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                // A PostgreSQL just stopped may still be removing its own files (postmaster.pid).
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                SharedPostgres.drop(database);
            } catch (IOException e) {
                System.err.println("cannot drop the rig's database: " + e);
            }
            try {
                sandbox.close();
            } finally {
                try {
                    deleteTree(dataDirectory);
                } catch (IOException e) {
                    System.err.println("cannot delete " + dataDirectory + ": " + e);
                }
            }
        }
    }
}
