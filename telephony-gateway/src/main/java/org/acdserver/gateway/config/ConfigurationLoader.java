package org.acdserver.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.flow.FlowLoader;
import org.acdserver.flow.InvalidFlowException;

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
        ServerConfiguration.Database database = new ServerConfiguration.Database(
                env("ACD_JDBC_URL", db.path("url").asText("")),
                env("ACD_JDBC_USERNAME", db.path("username").asText("")),
                env("ACD_JDBC_PASSWORD", db.path("password").asText("")));

        RoutingFiles routingFiles = RoutingFiles.read(directory.resolve(root.path("skills").asText("skills.yaml")),
                directory.resolve(root.path("queues").asText("queues.yaml")),
                directory.resolve(root.path("agents").asText("agents.yaml")));
        RoutingConfiguration routing = routingFiles.routing();
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
                if (step instanceof org.acdserver.flow.Step.Queue q) {
                    for (String skill : q.skills().keySet()) {
                        if (!routingFiles.skills().containsKey(skill)) {
                            throw new InvalidConfigurationException(flow.source() + ": step '" + q.id()
                                    + "' needs unknown skill '" + skill + "' (skills are declared in skills.yaml)");
                        }
                    }
                }
            }
        }
        return new ServerConfiguration(directory, agi, ami, http, database, routing, flows, agentCodes(root),
                routingFiles.serviceLevels());
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
