package org.acdserver.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.FlowProblem;
import org.acdserver.flow.FlowValidator;
import org.acdserver.flow.InvalidFlowException;
import org.acdserver.flow.NamedQuery;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.OpeningHours;
import org.acdserver.gateway.callback.WeeklyHours;

/**
 * Loads {@code acd.yaml} and the skill, queue, agent and flow files it names, and checks them together: every queue a
 * flow or agent names exists, every skill is declared (see {@link RoutingFiles}). Environment variables override secrets so that they need not sit in files.
 */
public final class ConfigurationLoader {

    private final ObjectMapper yaml;
    private final UnaryOperator<String> environment;

    /** A loader that reads overrides from the process environment. */
    public ConfigurationLoader() {
        this(System::getenv);
    }

    /** A loader with an explicit environment, for tests. */
    public ConfigurationLoader(UnaryOperator<String> environment) {
        YAMLFactory factory = new YAMLFactory();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
        this.environment = environment;
    }

    public ServerConfiguration load(Path directory) throws InvalidConfigurationException {
        Path main = directory.resolve("acd.yaml");
        JsonNode root = read(main);
        ServerConfiguration.Endpoint agi = endpoint(root.path("agi"), "127.0.0.1", 4573);
        ServerConfiguration.Endpoint http = endpoint(root.path("http"), "127.0.0.1", 8090);
        JsonNode amiNode = root.path("ami");
        ServerConfiguration.Ami ami = new ServerConfiguration.Ami(amiNode.path("host").asText("127.0.0.1"),
                amiNode.path("port").asInt(5038),
                env("ACD_AMI_USERNAME", amiNode.path("username").asText("acd")),
                env("ACD_AMI_SECRET", amiNode.path("secret").asText("")));
        JsonNode db = root.path("database");
        Path data = dataDirectory(directory);
        ServerConfiguration.Database database = new ServerConfiguration.Database(
                env("ACD_JDBC_URL", db.path("url").asText("")),
                env("ACD_JDBC_USERNAME", db.path("username").asText("")),
                env("ACD_JDBC_PASSWORD", db.path("password").asText("")),
                directory(directory, db.path("dataDirectory"), data.resolve("postgres")),
                directory(directory, db.path("spoolDirectory"), data.resolve("spool")));

        RoutingFiles routingFiles = RoutingFiles.read(directory.resolve(root.path("skills").asText("skills.yaml")),
                directory.resolve(root.path("queues").asText("queues.yaml")),
                directory.resolve(root.path("agents").asText("agents.yaml")));
        RoutingConfiguration routing = routingFiles.routing();
        FlowResources resources = flowResources(directory, root);
        Path flowsDir = directory.resolve(root.path("flows").asText("flows"));
        Map<String, Flow> flows;
        try {
            flows = new FlowLoader().loadDirectory(flowsDir);
        } catch (InvalidFlowException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read flows: " + e.getMessage(), e);
        }
        List<FlowProblem> problems = new FlowValidator(routing.queuesById().keySet(),
                routingFiles.skills().keySet(), resources.schedules().keySet(), resources.queries(),
                resources.soundDirs()).check(flows);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems.stream().map(FlowProblem::toString)
                    .collect(java.util.stream.Collectors.joining("\n")), new InvalidFlowException(problems));
        }
        return new ServerConfiguration(directory, agi, ami, http, database, routing, flows, agentCodes(root),
                resources, flowsDir, root.path("watchFiles").asBoolean(false), routingFiles.serviceLevels(),
                callbacks(directory.resolve(root.path("queues").asText("queues.yaml"))));
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
    private static Path directory(Path configDirectory, JsonNode value, Path byDefault) {
        String text = value.asText("");
        return text.isBlank() ? byDefault : configDirectory.resolve(text).toAbsolutePath().normalize();
    }

    /** Schedules, named queries and sound directories; missing files mean none. */
    private FlowResources flowResources(Path directory, JsonNode root) throws InvalidConfigurationException {
        Map<String, Schedule> schedules = new java.util.LinkedHashMap<>();
        Path schedulesFile = directory.resolve(root.path("schedules").asText("schedules.yaml"));
        if (Files.exists(schedulesFile)) {
            var it = read(schedulesFile).path("schedules").fields();
            while (it.hasNext()) {
                var e = it.next();
                try {
                    schedules.put(e.getKey(), schedule(e.getKey(), e.getValue()));
                } catch (RuntimeException ex) {
                    throw new InvalidConfigurationException(schedulesFile + ": schedule '" + e.getKey() + "': "
                            + ex.getMessage(), ex);
                }
            }
        }
        Map<String, NamedQuery> queries = new java.util.LinkedHashMap<>();
        Path queriesFile = directory.resolve(root.path("queries").asText("queries.yaml"));
        if (Files.exists(queriesFile)) {
            var it = read(queriesFile).path("queries").fields();
            while (it.hasNext()) {
                var e = it.next();
                List<String> params = new ArrayList<>();
                e.getValue().path("parameters").forEach(p -> params.add(p.asText()));
                try {
                    queries.put(e.getKey(), new NamedQuery(e.getKey(), e.getValue().path("sql").asText(""), params));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidConfigurationException(queriesFile + ": " + ex.getMessage(), ex);
                }
            }
        }
        List<Path> sounds = new ArrayList<>();
        root.path("sounds").forEach(d -> sounds.add(directory.resolve(d.asText())));
        return new FlowResources(schedules, queries, sounds);
    }

    private static final Map<String, java.time.DayOfWeek> DAYS = Map.of("mon", java.time.DayOfWeek.MONDAY,
            "tue", java.time.DayOfWeek.TUESDAY, "wed", java.time.DayOfWeek.WEDNESDAY,
            "thu", java.time.DayOfWeek.THURSDAY, "fri", java.time.DayOfWeek.FRIDAY,
            "sat", java.time.DayOfWeek.SATURDAY, "sun", java.time.DayOfWeek.SUNDAY);

    /** {@code {zone: Europe/Berlin, weekly: {mon: ["08:00-18:00"]}, holidays: [...], exceptions: {date: [...]}}}. */
    private static Schedule schedule(String name, JsonNode n) {
        java.time.ZoneId zone = java.time.ZoneId.of(n.path("zone").asText("UTC"));
        Map<java.time.DayOfWeek, List<Schedule.Range>> weekly = new java.util.EnumMap<>(java.time.DayOfWeek.class);
        var days = n.path("weekly").fields();
        while (days.hasNext()) {
            var d = days.next();
            java.time.DayOfWeek day = DAYS.get(d.getKey().toLowerCase(java.util.Locale.ROOT));
            if (day == null) {
                throw new IllegalArgumentException("'" + d.getKey() + "' is not a day (mon, tue, ... sun)");
            }
            weekly.put(day, ranges(d.getValue()));
        }
        java.util.Set<java.time.LocalDate> holidays = new java.util.HashSet<>();
        n.path("holidays").forEach(h -> holidays.add(java.time.LocalDate.parse(h.asText())));
        Map<java.time.LocalDate, List<Schedule.Range>> exceptions = new java.util.HashMap<>();
        var ex = n.path("exceptions").fields();
        while (ex.hasNext()) {
            var e = ex.next();
            exceptions.put(java.time.LocalDate.parse(e.getKey()), ranges(e.getValue()));
        }
        return new Schedule(name, zone, weekly, holidays, exceptions);
    }

    private static List<Schedule.Range> ranges(JsonNode n) {
        List<Schedule.Range> out = new ArrayList<>();
        n.forEach(r -> out.add(Schedule.Range.parse(r.asText())));
        return out;
    }

    /**
     * Callback policies of the queues that have a {@code callback} entry:
     * <pre>
     * callback:
     *   key: "9"                       # pressed while waiting
     *   callerId: '"ACME" &lt;5550000&gt;'
     *   dial: "PJSIP/{number}@trunk"   # the customer's dial string
     *   numberPattern: "[0-9]{7,15}"   # what an entered number must look like
     *   attempts: 3
     *   retrySeconds: 120
     *   ringSeconds: 30
     *   hours: {zone: Europe/Berlin, mon: "08:00-18:00", sat: "09:00-13:00"}
     *   offer: {waitAboveSeconds: 120, noAgents: true, full: true, closed: true,
     *           prompts: [vm-press, digits/9]}
     *   timeWindow: [my-asap-or-hour]  # ask "as soon as possible (1) or at which hour (2 digits)"
     * </pre>
     */
    private Map<String, CallbackSettings> callbacks(Path queuesFile) throws InvalidConfigurationException {
        Map<String, CallbackSettings> out = new java.util.LinkedHashMap<>();
        for (JsonNode q : read(queuesFile).path("queues")) {
            JsonNode c = q.path("callback");
            if (c.isMissingNode() || c.isNull()) {
                continue;
            }
            String id = q.path("id").asText();
            try {
                OpeningHours hours = OpeningHours.ALWAYS;
                JsonNode h = c.path("hours");
                if (!h.isMissingNode()) {
                    Map<String, String> days = new java.util.LinkedHashMap<>();
                    h.fields().forEachRemaining(e -> {
                        if (!e.getKey().equals("zone")) {
                            days.put(e.getKey(), e.getValue().asText());
                        }
                    });
                    hours = WeeklyHours.parse(java.time.ZoneId.of(h.path("zone").asText("UTC")), days);
                }
                String key = c.path("key").asText("9");
                JsonNode o = c.path("offer");
                List<String> prompts = new ArrayList<>();
                o.path("prompts").forEach(x -> prompts.add(x.asText()));
                CallbackOffer offer = o.isMissingNode() ? CallbackOffer.KEY_ONLY
                        : new CallbackOffer(o.path("waitAboveSeconds").asInt(0), o.path("noAgents").asBoolean(false),
                                o.path("full").asBoolean(false), o.path("closed").asBoolean(false),
                                prompts.isEmpty() ? List.of("vm-press", "digits/" + key) : prompts);
                out.put(id, new CallbackSettings(key,
                        c.path("callerId").isMissingNode() ? null : c.path("callerId").asText(),
                        c.path("dial").asText(""), java.util.regex.Pattern.compile(
                                c.path("numberPattern").asText("[0-9]{7,15}")),
                        c.path("attempts").asInt(3), java.time.Duration.ofSeconds(c.path("retrySeconds").asInt(120)),
                        java.time.Duration.ofSeconds(c.path("ringSeconds").asInt(30)), hours, offer,
                        windowPrompts(c.path("timeWindow"))));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new InvalidConfigurationException(queuesFile + ": queue " + id + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code timeWindow: true} (stock prompts) or a list of prompts; absent or false: no time window asked. */
    private static List<String> windowPrompts(JsonNode n) {
        if (n.isArray()) {
            List<String> prompts = new ArrayList<>();
            n.forEach(x -> prompts.add(x.asText()));
            return prompts;
        }
        // "For as soon as possible press 1, or enter the hour": record your own prompt and list it instead.
        return n.asBoolean(false) ? List.of("vm-press", "digits/1") : List.of();
    }

    private static ServerConfiguration.AgentCodes agentCodes(JsonNode root) {
        ServerConfiguration.AgentCodes d = ServerConfiguration.AgentCodes.defaults();
        JsonNode n = root.path("agentCodes");
        if (n.isMissingNode()) {
            return d;
        }
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        n.path("reasons").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asText()));
        return new ServerConfiguration.AgentCodes(n.path("login").asText(d.login()), n.path("ready").asText(d.ready()),
                n.path("notReady").asText(d.notReady()), n.path("logout").asText(d.logout()),
                reasons.isEmpty() ? d.reasons() : reasons);
    }

    private JsonNode read(Path file) throws InvalidConfigurationException {
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new InvalidConfigurationException(file + ": expected a mapping");
            }
            return node;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidConfigurationException(file + ":" + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode n, String field, Path file) throws InvalidConfigurationException {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new InvalidConfigurationException(file + ": an entry has no " + field + ": " + n);
        }
        return v;
    }

    private static ServerConfiguration.Endpoint endpoint(JsonNode n, String host, int port) {
        return new ServerConfiguration.Endpoint(n.path("host").asText(host), n.path("port").asInt(port));
    }

    private String env(String name, String fallback) {
        String v = environment.apply(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
