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
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.EscalationRule;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.InvalidFlowException;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.OpeningHours;
import org.acdserver.gateway.callback.WeeklyHours;

/**
 * Loads {@code acd.yaml} and the queue, agent and flow files it names, and checks them together: every queue a flow
 * or agent names exists. Environment variables override secrets so that they need not sit in files.
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
        ServerConfiguration.Database database = new ServerConfiguration.Database(
                env("ACD_JDBC_URL", db.path("url").asText("")),
                env("ACD_JDBC_USERNAME", db.path("username").asText("")),
                env("ACD_JDBC_PASSWORD", db.path("password").asText("")));

        RoutingConfiguration routing = routing(directory.resolve(root.path("queues").asText("queues.yaml")),
                directory.resolve(root.path("agents").asText("agents.yaml")));
        Map<String, Flow> flows;
        try {
            flows = new FlowLoader().loadDirectory(directory.resolve(root.path("flows").asText("flows")));
        } catch (InvalidFlowException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidConfigurationException("cannot read flows: " + e.getMessage(), e);
        }
        var queueIds = routing.queuesById().keySet();
        for (Flow flow : flows.values()) {
            for (var step : flow.steps().values()) {
                if (step instanceof org.acdserver.flow.Step.Queue q && !queueIds.contains(q.queue())) {
                    throw new InvalidConfigurationException(flow.source() + ": step '" + q.id()
                            + "' names unknown queue '" + q.queue() + "'");
                }
            }
        }
        Path queuesFile = directory.resolve(root.path("queues").asText("queues.yaml"));
        return new ServerConfiguration(directory, agi, ami, http, database, routing, flows, agentCodes(root),
                callbacks(queuesFile));
    }

    private RoutingConfiguration routing(Path queuesFile, Path agentsFile) throws InvalidConfigurationException {
        List<QueueDefinition> queues = new ArrayList<>();
        for (JsonNode q : read(queuesFile).path("queues")) {
            try {
                queues.add(new QueueDefinition(required(q, "id", queuesFile), q.path("ringTimeoutSeconds").asInt(15),
                        q.path("noAnswerPauseSeconds").asInt(30), q.path("wrapUpSeconds").asInt(0),
                        SelectionStrategy.fromConfig(q.path("strategy").asText("longest-idle")),
                        q.path("randomSeed").asLong(1), skills(q.path("requiredSkills")), escalation(q),
                        q.path("maxWaitSeconds").asInt(0), q.path("maxLength").asInt(0),
                        q.path("overflowQueue").isMissingNode() ? null : q.path("overflowQueue").asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(queuesFile + ": " + e.getMessage());
            }
        }
        List<AgentDefinition> agents = new ArrayList<>();
        for (JsonNode a : read(agentsFile).path("agents")) {
            List<String> agentQueues = new ArrayList<>();
            a.path("queues").forEach(x -> agentQueues.add(x.asText()));
            String endpoint = required(a, "endpoint", agentsFile);
            if (!endpoint.matches("[A-Za-z0-9_/@.:+-]+")) {
                // Endpoints become part of a Dial command line: nothing that could split it.
                throw new InvalidConfigurationException(agentsFile + ": agent endpoint '" + endpoint
                        + "' may only hold letters, digits and _ / @ . : + -");
            }
            try {
                agents.add(new AgentDefinition(required(a, "id", agentsFile), endpoint, agentQueues,
                        skills(a.path("skills"))));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(agentsFile + ": " + e.getMessage());
            }
        }
        try {
            return new RoutingConfiguration(queues, agents);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(agentsFile + ": " + e.getMessage());
        }
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

    /** Escalation steps: {@code [{after: 30, skills: {spanish: 3}, raisePriority: 1}]}. */
    private static List<EscalationRule> escalation(JsonNode queue) {
        List<EscalationRule> rules = new ArrayList<>();
        for (JsonNode r : queue.path("escalation")) {
            rules.add(new EscalationRule(r.path("after").asInt(0), skills(r.path("skills")),
                    r.path("raisePriority").asInt(0)));
        }
        return rules;
    }

    /** A mapping of skill name to proficiency level. */
    private static Map<String, Integer> skills(JsonNode node) {
        Map<String, Integer> skills = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> skills.put(e.getKey(), e.getValue().asInt(0)));
        return skills;
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
