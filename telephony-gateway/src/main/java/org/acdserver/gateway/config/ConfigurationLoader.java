package org.acdserver.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.FlowProblem;
import org.acdserver.flow.FlowValidator;
import org.acdserver.flow.InvalidFlowException;
import org.acdserver.flow.NamedQuery;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.config.ServerSettings.Ami;
import org.acdserver.gateway.config.ServerSettings.Database;
import org.acdserver.gateway.config.ServerSettings.Endpoint;
import org.acdserver.gateway.config.ServerSettings.HttpListeners;
import org.acdserver.yaml.YamlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code acd.yaml} and the files it names (schedules, queries, skills, queues, agents, flows), each read once,
 * and checks them together: every queue a flow or agent names exists, every skill is declared (see
 * {@link RoutingFiles}), every schedule a callback names exists. {@code acd.yaml} holds both the start-up
 * {@link ServerSettings} and the parts of the active {@link ConfigurationSnapshot} (sound directories, agent codes,
 * file names). Environment variables override secrets so that they need not sit in files. Forms that still work but
 * should be converted are logged as warnings with their {@code file:line:column}.
 */
public final class ConfigurationLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationLoader.class);
    private static final Set<String> HTTP_LISTENERS = Set.of("public", "admin");

    private final UnaryOperator<String> environment;

    /** A loader that reads overrides from the process environment. */
    public ConfigurationLoader() {
        this(System::getenv);
    }

    /** A loader with an explicit environment, for tests. */
    public ConfigurationLoader(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The start-up settings and the configuration to activate first. */
    public LoadedConfiguration load(Path directory) throws InvalidConfigurationException {
        ConfigFile main = ConfigFile.read(directory.resolve("acd.yaml"));
        List<String> warnings = new ArrayList<>();
        ServerSettings settings = settings(directory, main, warnings);
        ConfigurationSnapshot configuration = configuration(settings.directory(), settings.flowsDirectory(), main,
                warnings);
        warnings.forEach(w -> LOG.warn("{}", w));
        return new LoadedConfiguration(settings, configuration, warnings);
    }

    /**
     * Only what a reload activates, from the files of the running server's settings; the start-up settings in
     * {@code acd.yaml} (listeners, manager, database, the flow directory) are not looked at again.
     */
    public ConfigurationSnapshot configuration(ServerSettings settings) throws InvalidConfigurationException {
        List<String> warnings = new ArrayList<>();
        ConfigurationSnapshot configuration = configuration(settings.directory(), settings.flowsDirectory(),
                ConfigFile.read(settings.directory().resolve("acd.yaml")), warnings);
        warnings.forEach(w -> LOG.warn("{}", w));
        return configuration;
    }

    private ServerSettings settings(Path directory, ConfigFile f, List<String> warnings)
            throws InvalidConfigurationException {
        YamlNode.Mapping root = f.root();
        Endpoint agi = endpoint(f, f.section(root, "agi"), "127.0.0.1", 4573);
        YamlNode.Mapping ami = f.section(root, "ami");
        YamlNode.Mapping db = f.section(root, "database");
        Path data = dataDirectory(directory);
        Ami single = new Ami(f.text(ami, "host", "127.0.0.1"), f.integer(ami, "port", 5038),
                env("ACD_AMI_USERNAME", f.text(ami, "username", "acd")),
                env("ACD_AMI_SECRET", f.text(ami, "secret", "")),
                seconds(f, ami, "heartbeatSeconds", AmiSettings.DEFAULT_HEARTBEAT_INTERVAL),
                seconds(f, ami, "heartbeatTimeoutSeconds", AmiSettings.DEFAULT_HEARTBEAT_TIMEOUT));
        return ServerSettings.builder(directory)
                .agi(agi.host(), agi.port())
                .asterisks(Topology.asterisks(f, single, environment))
                .lease(Topology.lease(f))
                .http(http(f, warnings))
                .database(new Database(env("ACD_JDBC_URL", f.text(db, "url", "")),
                        env("ACD_JDBC_USERNAME", f.text(db, "username", "")),
                        env("ACD_JDBC_PASSWORD", f.text(db, "password", "")),
                        directory(directory, f.text(db, "dataDirectory", ""), data.resolve("postgres")),
                        directory(directory, f.text(db, "spoolDirectory", ""), data.resolve("spool"))))
                .flowsDirectory(directory.resolve(f.text(root, "flows", "flows")))
                .watchFiles(f.flag(root, "watchFiles", false))
                .agiAllow(SecuritySettingsReader.agiAllow(f))
                .auth(SecuritySettingsReader.auth(f, directory, data, environment))
                .schedulerSlice(schedulerSlice(f, root))
                .legEndPause(legEndPause(f, root))
                .build();
    }

    /** {@code schedulerSliceMicros}: 0 (the kernel's own), or the 100 us to 100 ms that Linux takes. */
    private static Duration schedulerSlice(ConfigFile f, YamlNode.Mapping root) throws InvalidConfigurationException {
        long micros = f.whole(root, "schedulerSliceMicros", ServerSettings.DEFAULT_SCHEDULER_SLICE.toNanos() / 1_000);
        if (micros != 0 && (micros < 100 || micros > 100_000)) {
            throw f.error(root.get("schedulerSliceMicros"), "schedulerSliceMicros must be 0 (the kernel's own slice) "
                    + "or 100 to 100000, not " + micros);
        }
        return Duration.ofNanos(micros * 1_000);
    }

    /** {@code legEndPauseMillis}: 0 (no pause) to 200. */
    private static Duration legEndPause(ConfigFile f, YamlNode.Mapping root) throws InvalidConfigurationException {
        long millis = f.whole(root, "legEndPauseMillis", ServerSettings.DEFAULT_LEG_END_PAUSE.toMillis());
        if (millis < 0 || millis > ServerSettings.MAX_LEG_END_PAUSE.toMillis()) {
            throw f.error(root.get("legEndPauseMillis"), "legEndPauseMillis must be 0 (no pause) to "
                    + ServerSettings.MAX_LEG_END_PAUSE.toMillis() + ", not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /**
     * The server's own data directory, which holds the embedded database and the record spool unless
     * {@code database.dataDirectory} and {@code database.spoolDirectory} say otherwise: {@code $ACD_DATA_DIR}, or
     * {@code data} beside the configuration directory ({@code config/../data}).
     */
    private Path dataDirectory(Path configDirectory) {
        String fromEnv = environment.apply("ACD_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return configDirectory.toAbsolutePath().normalize().resolveSibling("data");
    }

    /** A directory setting, relative to the configuration directory; the default when missing or blank. */
    private static Path directory(Path configDirectory, String text, Path byDefault) {
        return text == null || text.isBlank() ? byDefault : configDirectory.resolve(text).toAbsolutePath().normalize();
    }

    /**
     * {@code http: {public: {host, port}, admin: {host, port}}}; the old {@code http: {host, port}} is read as the
     * public listener, with a warning.
     */
    private static HttpListeners http(ConfigFile f, List<String> warnings) throws InvalidConfigurationException {
        YamlNode.Mapping http = f.section(f.root(), "http");
        Endpoint admin = HttpListeners.DEFAULT.adminListener();
        if (http.get("host") != null || http.get("port") != null) {
            for (String key : http.fields().keySet()) {
                if (HTTP_LISTENERS.contains(key)) {
                    throw f.error(http.keyAt(key), "http: write either {public: ..., admin: ...} or the old"
                            + " {host, port}, not both");
                }
            }
            Endpoint open = endpoint(f, http, "127.0.0.1", 8090);
            warnings.add(f.where(f.root().keyAt("http")) + ": http {host, port} is the old form; it is read as the"
                    + " public listener (/metrics, /health) and the admin listener keeps " + admin.host() + ":"
                    + admin.port() + ". Write 'http: {public: {host: " + open.host() + ", port: " + open.port()
                    + "}, admin: {host: " + admin.host() + ", port: " + admin.port() + "}}'");
            return new HttpListeners(open, admin);
        }
        for (String key : http.fields().keySet()) {
            if (!HTTP_LISTENERS.contains(key)) {
                throw f.error(http.keyAt(key), "http: unknown listener '" + key + "' (known: public, admin)");
            }
        }
        Endpoint open = HttpListeners.DEFAULT.publicListener();
        HttpListeners listeners = new HttpListeners(endpoint(f, f.section(http, "public"), open.host(), open.port()),
                endpoint(f, f.section(http, "admin"), admin.host(), admin.port()));
        if (listeners.publicListener().port() != 0 && listeners.publicListener().equals(listeners.adminListener())) {
            throw f.error(f.root().keyAt("http"), "http.public and http.admin are both "
                    + listeners.adminListener().host() + ":" + listeners.adminListener().port()
                    + "; give them different ports");
        }
        return listeners;
    }

    /** An optional positive number of seconds (fractions allowed) in the {@code ami} section. */
    private static Duration seconds(ConfigFile f, YamlNode.Mapping section, String key, Duration fallback)
            throws InvalidConfigurationException {
        String text = f.text(section, key, null);
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (!(value > 0)) {
            throw f.error(section.get(key), "ami." + key + " must be a positive number of seconds, not '" + text
                    + "'");
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    /**
     * What a reload would activate from the files in {@code directory} and {@code flowsDirectory}, without logging
     * warnings: the check of proposed files before they replace the real ones (see {@link ConfigurationFiles}).
     */
    ConfigurationSnapshot check(Path directory, Path flowsDirectory) throws InvalidConfigurationException {
        return configuration(directory, flowsDirectory, ConfigFile.read(directory.resolve("acd.yaml")),
                new ArrayList<>());
    }

    private ConfigurationSnapshot configuration(Path directory, Path flowsDirectory, ConfigFile f,
                                                List<String> warnings) throws InvalidConfigurationException {
        YamlNode.Mapping root = f.root();
        Map<String, Schedule> schedules = FlowResourceFiles.schedules(file(directory, f, "schedules"));
        Map<String, NamedQuery> queries = FlowResourceFiles.queries(file(directory, f, "queries"));
        List<Path> sounds = new ArrayList<>();
        for (YamlNode item : f.items(root, "sounds")) {
            Path dir = directory.resolve(item instanceof YamlNode.Scalar s && s.text() != null ? s.text() : "");
            if (!(item instanceof YamlNode.Scalar) || !Files.isDirectory(dir)) {
                throw f.error(item, "sound directory " + dir + " does not exist");
            }
            sounds.add(dir);
        }
        FlowResources resources = new FlowResources(schedules, queries, sounds);
        RoutingFiles routing = RoutingFiles.read(file(directory, f, "skills"), file(directory, f, "queues"),
                file(directory, f, "agents"), schedules, warnings, environment);
        Map<String, Flow> flows = flows(flowsDirectory, routing, resources);
        return ConfigurationSnapshot.builder(routing.routing())
                .skills(routing.skills())
                .flows(flows)
                .flowResources(resources)
                .serviceLevels(routing.serviceLevels())
                .callbacks(routing.callbacks())
                .agentCodes(agentCodes(f))
                .kpi(KpiSettings.read(f))
                .phones(routing.phones())
                .wrapUps(routing.wrapUps())
                .wallboards(WallboardSettings.read(file(directory, f, "queues"), routing.serviceLevels()))
                .build();
    }

    /** A file acd.yaml names under {@code key}, by default {@code key.yaml}. */
    private static Path file(Path directory, ConfigFile f, String key) throws InvalidConfigurationException {
        return directory.resolve(f.text(f.root(), key, key + ".yaml"));
    }

    /** Loads the flows and checks them against the queues, skills, schedules, queries and sounds. */
    private static Map<String, Flow> flows(Path dir, RoutingFiles routing, FlowResources resources)
            throws InvalidConfigurationException {
        Map<String, Flow> flows;
        try {
            flows = new FlowLoader().loadDirectory(dir);
        } catch (InvalidFlowException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(dir + ": cannot read flows: " + e.getMessage(), e);
        }
        List<FlowProblem> problems = new FlowValidator(routing.routing().queuesById().keySet(),
                routing.skills().keySet(), resources.schedules().keySet(), resources.queries(),
                resources.soundDirs()).check(flows);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems.stream().map(FlowProblem::toString)
                    .collect(Collectors.joining("\n")), new InvalidFlowException(problems));
        }
        return flows;
    }

    private static AgentCodes agentCodes(ConfigFile f) throws InvalidConfigurationException {
        AgentCodes d = AgentCodes.defaults();
        YamlNode.Mapping n = f.mapping(f.root(), "agentCodes");
        if (n == null) {
            return d;
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        YamlNode.Mapping r = f.section(n, "reasons");
        for (String digit : r.fields().keySet()) {
            reasons.put(digit, f.text(r, digit, ""));
        }
        return new AgentCodes(f.text(n, "login", d.login()), f.text(n, "ready", d.ready()),
                f.text(n, "notReady", d.notReady()), f.text(n, "logout", d.logout()),
                reasons.isEmpty() ? d.reasons() : reasons);
    }

    private static Endpoint endpoint(ConfigFile f, YamlNode.Mapping n, String host, int port)
            throws InvalidConfigurationException {
        try {
            return new Endpoint(f.text(n, "host", host), f.integer(n, "port", port));
        } catch (IllegalArgumentException e) {
            throw f.error(n.get("port"), e.getMessage());
        }
    }

    private String env(String name, String fallback) {
        String v = environment.apply(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
