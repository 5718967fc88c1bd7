package org.acdserver.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.EscalationRule;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.SelectionStrategy;

/**
 * The routing part of the configuration: the skills file, the queues file and the agents file, read together and
 * checked against each other. Every problem is reported with its file and line: an unknown skill or queue, a
 * proficiency out of range, a queue that does not say where its calls go when they cannot wait any longer.
 *
 * @param routing       queues and agents for the routing core
 * @param skills        skill name to its description
 * @param serviceLevels queue id to its service-level target
 */
public record RoutingFiles(RoutingConfiguration routing, Map<String, String> skills,
                           Map<String, ServiceLevelTarget> serviceLevels) {

    /** Reads and cross-checks the three files. */
    public static RoutingFiles read(Path skillsFile, Path queuesFile, Path agentsFile)
            throws InvalidConfigurationException {
        // No skills file: no skills declared, so any skill a queue, agent or flow names is reported as unknown.
        Map<String, String> skills = java.nio.file.Files.exists(skillsFile) ? skills(YamlFile.read(skillsFile))
                : Map.of();
        YamlFile queuesYaml = YamlFile.read(queuesFile);
        Map<String, ServiceLevelTarget> serviceLevels = new LinkedHashMap<>();
        List<QueueDefinition> queues = queues(queuesYaml, skills.keySet(), serviceLevels);
        Set<String> queueIds = new HashSet<>();
        queues.forEach(q -> queueIds.add(q.id()));
        List<AgentDefinition> agents = agents(YamlFile.read(agentsFile), skills.keySet(), queueIds);
        try {
            return new RoutingFiles(new RoutingConfiguration(queues, agents), skills, serviceLevels);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(agentsFile + ": " + e.getMessage(), e);
        }
    }

    public RoutingFiles {
        skills = Map.copyOf(skills);
        serviceLevels = Map.copyOf(serviceLevels);
    }

    private static Map<String, String> skills(YamlFile file) throws InvalidConfigurationException {
        JsonNode node = file.root().path("skills");
        if (!node.isObject()) {
            throw file.error("/skills", "expected 'skills:' mapping each skill name to a description");
        }
        Map<String, String> skills = new LinkedHashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw file.error("/skills/" + e.getKey(), "skill name '" + e.getKey()
                        + "' must start with a letter and hold only letters, digits, _ and -");
            }
            skills.put(e.getKey(), e.getValue().asText(""));
        }
        return skills;
    }

    private static List<QueueDefinition> queues(YamlFile file, Set<String> skills,
                                                Map<String, ServiceLevelTarget> serviceLevels)
            throws InvalidConfigurationException {
        JsonNode list = file.root().path("queues");
        if (!list.isArray() || list.isEmpty()) {
            throw file.error("/queues", "expected 'queues:' with at least one queue");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String id = list.get(i).path("id").asText("");
            if (id.isBlank()) {
                throw file.error("/queues/" + i, "a queue has no id");
            }
            if (!ids.add(id)) {
                throw file.error("/queues/" + i + "/id", "queue '" + id + "' is defined twice");
            }
        }
        List<QueueDefinition> queues = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/queues/" + i;
            JsonNode q = list.get(i);
            String id = q.path("id").asText();
            Map<String, Integer> required = proficiencies(file, at + "/requiredSkills", skills);
            List<EscalationRule> escalation = new ArrayList<>();
            for (int r = 0; r < q.path("escalation").size(); r++) {
                String ruleAt = at + "/escalation/" + r;
                JsonNode rule = q.path("escalation").get(r);
                try {
                    escalation.add(new EscalationRule(rule.path("after").asInt(0),
                            proficiencies(file, ruleAt + "/skills", skills), rule.path("raisePriority").asInt(0)));
                } catch (IllegalArgumentException e) {
                    throw file.error(ruleAt, "queue '" + id + "': " + e.getMessage());
                }
            }
            String overflow = fallbackQueue(file, at, id, ids);
            serviceLevels.put(id, serviceLevel(file, at + "/serviceLevel", id));
            SelectionStrategy strategy;
            try {
                strategy = SelectionStrategy.fromConfig(q.path("strategy").asText("longest-idle"));
            } catch (IllegalArgumentException e) {
                throw file.error(at + "/strategy", e.getMessage());
            }
            try {
                queues.add(new QueueDefinition(id, q.path("ringTimeoutSeconds").asInt(15),
                        q.path("noAnswerPauseSeconds").asInt(30), q.path("wrapUpSeconds").asInt(0), strategy,
                        q.path("randomSeed").asLong(1), required, escalation, q.path("maxWaitSeconds").asInt(0),
                        q.path("maxLength").asInt(0), overflow));
            } catch (IllegalArgumentException e) {
                throw file.error(at, e.getMessage());
            }
        }
        return queues;
    }

    /**
     * Where a queue's calls go when it is full or they waited its maximum: {@code fallback: {queue: other}} keeps
     * their place in another queue; {@code fallback: flow} hands them back to their flow, whose queue step says what
     * follows (voicemail, a callback offer, a message). Returns the overflow queue, or null for the flow.
     */
    private static String fallbackQueue(YamlFile file, String at, String id, Set<String> queueIds)
            throws InvalidConfigurationException {
        JsonNode f = file.root().at(at + "/fallback");
        if (f.isMissingNode() || f.isNull()) {
            throw file.error(at, "queue '" + id + "' has no fallback: add 'fallback: flow' (the flow's queue step"
                    + " goes on) or 'fallback: {queue: <id>}' (the call keeps its place in another queue)");
        }
        if (f.isTextual() && f.asText().equals("flow")) {
            return null;
        }
        String target = f.path("queue").asText("");
        if (target.isEmpty()) {
            throw file.error(at + "/fallback", "queue '" + id + "': fallback must be 'flow' or {queue: <id>}");
        }
        if (!queueIds.contains(target)) {
            throw file.error(at + "/fallback/queue", "queue '" + id + "' falls back to unknown queue '" + target
                    + "'");
        }
        if (target.equals(id)) {
            throw file.error(at + "/fallback/queue", "queue '" + id + "' cannot fall back to itself");
        }
        return target;
    }

    private static ServiceLevelTarget serviceLevel(YamlFile file, String at, String id)
            throws InvalidConfigurationException {
        JsonNode n = file.root().at(at);
        if (n.isMissingNode()) {
            return ServiceLevelTarget.DEFAULT;
        }
        try {
            return new ServiceLevelTarget(n.path("percent").asInt(0), n.path("seconds").asInt(0));
        } catch (IllegalArgumentException e) {
            throw file.error(at, "queue '" + id + "': " + e.getMessage());
        }
    }

    private static List<AgentDefinition> agents(YamlFile file, Set<String> skills, Set<String> queueIds)
            throws InvalidConfigurationException {
        JsonNode list = file.root().path("agents");
        if (!list.isArray()) {
            throw file.error("/agents", "expected 'agents:' with a list of agents");
        }
        List<AgentDefinition> agents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "/agents/" + i;
            JsonNode a = list.get(i);
            String id = a.path("id").asText("");
            String endpoint = a.path("endpoint").asText("");
            if (id.isBlank() || endpoint.isBlank()) {
                throw file.error(at, "an agent needs an id and an endpoint");
            }
            if (!ids.add(id)) {
                throw file.error(at + "/id", "agent '" + id + "' is defined twice");
            }
            if (!endpoint.matches("[A-Za-z0-9_/@.:+-]+")) {
                // Endpoints become part of a Dial command line: nothing that could split it.
                throw file.error(at + "/endpoint", "agent endpoint '" + endpoint
                        + "' may only hold letters, digits and _ / @ . : + -");
            }
            // queues: [sales, support] (all first line) or {sales: 1, support: 2} (priority in each queue).
            List<String> queues = new ArrayList<>();
            Map<String, Integer> priorities = new LinkedHashMap<>();
            JsonNode qn = a.path("queues");
            if (qn.isArray()) {
                qn.forEach(x -> queues.add(x.asText()));
            } else if (qn.isObject()) {
                qn.fields().forEachRemaining(e -> {
                    queues.add(e.getKey());
                    priorities.put(e.getKey(), e.getValue().asInt(0));
                });
            }
            for (int j = 0; j < queues.size(); j++) {
                if (!queueIds.contains(queues.get(j))) {
                    String where = qn.isArray() ? at + "/queues/" + j : at + "/queues/" + queues.get(j);
                    throw file.error(where, "agent '" + id + "' names unknown queue '" + queues.get(j) + "'");
                }
            }
            try {
                agents.add(new AgentDefinition(id, endpoint, queues, proficiencies(file, at + "/skills", skills),
                        priorities));
            } catch (IllegalArgumentException e) {
                throw file.error(at, e.getMessage());
            }
        }
        return agents;
    }

    /** A mapping of skill name to proficiency (1-10), every skill known to the skills file. */
    private static Map<String, Integer> proficiencies(YamlFile file, String at, Set<String> skills)
            throws InvalidConfigurationException {
        JsonNode node = file.root().at(at);
        Map<String, Integer> levels = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return levels;
        }
        if (!node.isObject()) {
            throw file.error(at, "expected a mapping of skill to proficiency, for example {spanish: 5}");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String where = at + "/" + e.getKey();
            if (!skills.contains(e.getKey())) {
                throw file.error(where, "unknown skill '" + e.getKey() + "' (known: " + String.join(", ", skills)
                        + "; skills are declared in skills.yaml)");
            }
            int level = e.getValue().asInt(0);
            if (!e.getValue().canConvertToInt() || level < 1 || level > 10) {
                throw file.error(where, "proficiency of " + e.getKey() + " must be 1-10, not " + e.getValue());
            }
            levels.put(e.getKey(), level);
        }
        return levels;
    }
}
