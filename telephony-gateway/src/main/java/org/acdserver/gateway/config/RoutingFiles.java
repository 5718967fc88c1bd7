package org.acdserver.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.EscalationRule;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.device.DeviceName;
import org.acdserver.yaml.Position;
import org.acdserver.yaml.YamlNode;

/**
 * The routing part of the configuration: the skills file, the queues file (with each queue's callback policy) and
 * the agents file, each read once and checked against each other. Every problem is reported with its file, line
 * and column: an unknown skill or queue, a proficiency out of range, a queue that does not say where its calls go
 * when they cannot wait any longer.
 *
 * @param routing       queues and agents for the routing core
 * @param skills        skill name to its description
 * @param serviceLevels queue id to its service-level target
 * @param callbacks     callback policy by queue id, for the queues that offer callbacks
 * @param phones        agent id to the agent's SIP phone, for the agents that have one
 * @param wrapUps       queue id to its wrap-up codes, for the queues that list some
 */
public record RoutingFiles(RoutingConfiguration routing, Map<String, String> skills,
                           Map<String, ServiceLevelTarget> serviceLevels, Map<String, CallbackSettings> callbacks,
                           Map<String, AgentPhone> phones, Map<String, WrapUpCodes> wrapUps) {

    public RoutingFiles {
        skills = Map.copyOf(skills);
        serviceLevels = Map.copyOf(serviceLevels);
        callbacks = Map.copyOf(callbacks);
        phones = Map.copyOf(phones);
        wrapUps = Map.copyOf(wrapUps);
    }

    /**
     * Reads and cross-checks the three files; queues' callbacks may name {@code schedules}, agents' phones may take
     * their passwords from the {@code environment}. Forms that still work but should be converted add a line to
     * {@code warnings}.
     */
    static RoutingFiles read(Path skillsFile, Path queuesFile, Path agentsFile, Map<String, Schedule> schedules,
                             List<String> warnings, UnaryOperator<String> environment)
            throws InvalidConfigurationException {
        // No skills file: no skills declared, so any skill a queue, agent or flow names is reported as unknown.
        Map<String, String> skills = Files.exists(skillsFile) ? skills(ConfigFile.read(skillsFile)) : Map.of();
        Map<String, ServiceLevelTarget> serviceLevels = new LinkedHashMap<>();
        Map<String, CallbackSettings> callbacks = new LinkedHashMap<>();
        Map<String, WrapUpCodes> wrapUps = new LinkedHashMap<>();
        Queues queues = new Queues(ConfigFile.read(queuesFile), skills.keySet(), schedules, warnings);
        List<QueueDefinition> definitions = queues.read(serviceLevels, callbacks, wrapUps);
        Set<String> queueIds = new HashSet<>();
        definitions.forEach(q -> queueIds.add(q.id()));
        ConfigFile agentsYaml = ConfigFile.read(agentsFile);
        Map<String, AgentPhone> phones = new LinkedHashMap<>();
        List<AgentDefinition> agents = agents(agentsYaml, skills.keySet(), queueIds, phones, environment);
        try {
            return new RoutingFiles(new RoutingConfiguration(definitions, agents), skills, serviceLevels, callbacks,
                    phones, wrapUps);
        } catch (IllegalArgumentException e) {
            // Checked above with positions already; this is the core's own check as a last resort.
            throw agentsYaml.error(agentsYaml.root().keyAt("agents"), e.getMessage());
        }
    }

    private static Map<String, String> skills(ConfigFile file) throws InvalidConfigurationException {
        YamlNode.Mapping node = file.root().get("skills") instanceof YamlNode.Mapping m ? m : null;
        if (node == null) {
            throw file.error(file.root().get("skills") == null ? file.root() : file.root().get("skills"),
                    "expected 'skills:' mapping each skill name to a description");
        }
        Map<String, String> skills = new LinkedHashMap<>();
        for (String name : node.fields().keySet()) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw file.error(node.keyAt(name), "skill name '" + name
                        + "' must start with a letter and hold only letters, digits, _ and -");
            }
            skills.put(name, file.text(node, name, ""));
        }
        return skills;
    }

    /** The queues of queues.yaml, read in one pass over the file. */
    private record Queues(ConfigFile file, Set<String> skills, Map<String, Schedule> schedules,
                          List<String> warnings) {

        List<QueueDefinition> read(Map<String, ServiceLevelTarget> serviceLevels,
                                   Map<String, CallbackSettings> callbacks, Map<String, WrapUpCodes> wrapUps)
                throws InvalidConfigurationException {
            List<YamlNode> list = file.root().get("queues") instanceof YamlNode.Sequence s ? s.items() : List.of();
            if (list.isEmpty()) {
                YamlNode at = file.root().get("queues");
                throw file.error(at == null ? file.root() : at, "expected 'queues:' with at least one queue");
            }
            Set<String> ids = new HashSet<>();
            for (YamlNode item : list) {
                if (!(item instanceof YamlNode.Mapping q)) {
                    throw file.error(item, "a queue must be a mapping with an id");
                }
                String id = file.text(q, "id", "");
                if (id.isBlank()) {
                    throw file.error(q, "a queue has no id");
                }
                if (id.indexOf(':') >= 0) {
                    // Records name a transfer to an agent "agent:<id>" beside queue ids: a queue must not look like
                    // one.
                    throw file.error(q.get("id"), "queue id '" + id + "' has a ':', which records keep for "
                            + "transfer targets such as agent:<id>");
                }
                if (!ids.add(id)) {
                    throw file.error(q.get("id"), "queue '" + id + "' is defined twice");
                }
            }
            List<QueueDefinition> queues = new ArrayList<>();
            for (YamlNode item : list) {
                YamlNode.Mapping q = (YamlNode.Mapping) item;
                String id = file.text(q, "id", "");
                queues.add(queue(q, id, ids));
                serviceLevels.put(id, serviceLevel(q, id));
                YamlNode.Mapping callback = file.mapping(q, "callback");
                if (callback != null) {
                    callbacks.put(id, CallbackPolicies.read(file, id, callback, schedules, warnings));
                }
                WrapUpCodes codes = wrapUpCodes(q, id);
                if (!codes.codes().isEmpty()) {
                    wrapUps.put(id, codes);
                }
            }
            return queues;
        }

        /** {@code wrapUpCodes: [sale, no-sale]} and {@code wrapUpCodeRequired: true}: what agents pick after a call. */
        private WrapUpCodes wrapUpCodes(YamlNode.Mapping q, String id) throws InvalidConfigurationException {
            List<String> codes = new ArrayList<>();
            for (YamlNode item : file.items(q, "wrapUpCodes")) {
                String code = item instanceof YamlNode.Scalar s && s.text() != null ? s.text().strip() : "";
                if (!code.matches("[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")) {
                    throw file.error(item, "queue '" + id + "': a wrap-up code must be 1-64 letters, digits, spaces,"
                            + " _ . or -, starting with a letter or digit");
                }
                if (codes.contains(code)) {
                    throw file.error(item, "queue '" + id + "': wrap-up code '" + code + "' is listed twice");
                }
                codes.add(code);
            }
            boolean required = file.flag(q, "wrapUpCodeRequired", false);
            if (required && codes.isEmpty()) {
                throw file.error(q.get("wrapUpCodeRequired"), "queue '" + id
                        + "': wrapUpCodeRequired needs at least one code in wrapUpCodes");
            }
            return new WrapUpCodes(codes, required);
        }

        private QueueDefinition queue(YamlNode.Mapping q, String id, Set<String> ids)
                throws InvalidConfigurationException {
            Map<String, Integer> required = proficiencies(file, q, "requiredSkills", skills);
            List<EscalationRule> escalation = new ArrayList<>();
            for (YamlNode r : file.items(q, "escalation")) {
                if (!(r instanceof YamlNode.Mapping rule)) {
                    throw file.error(r, "queue '" + id
                            + "': an escalation step must be {after, skills, raisePriority}");
                }
                try {
                    escalation.add(new EscalationRule(file.integer(rule, "after", 0),
                            proficiencies(file, rule, "skills", skills), file.integer(rule, "raisePriority", 0)));
                } catch (IllegalArgumentException e) {
                    throw file.error(rule, "queue '" + id + "': " + e.getMessage());
                }
            }
            String overflow = fallbackQueue(q, id, ids);
            SelectionStrategy strategy;
            try {
                strategy = SelectionStrategy.fromConfig(file.text(q, "strategy", "longest-idle"));
            } catch (IllegalArgumentException e) {
                throw file.error(q.get("strategy"), e.getMessage());
            }
            try {
                return new QueueDefinition(id, file.integer(q, "ringTimeoutSeconds", 15),
                        file.integer(q, "noAnswerPauseSeconds", 30), file.integer(q, "wrapUpSeconds", 0), strategy,
                        file.whole(q, "randomSeed", 1), required, escalation, file.integer(q, "maxWaitSeconds", 0),
                        file.integer(q, "maxLength", 0), overflow);
            } catch (IllegalArgumentException e) {
                throw file.error(q, e.getMessage());
            }
        }

        /**
         * Where a queue's calls go when it is full or they waited its maximum: {@code fallback: {queue: other}} keeps
         * their place in another queue; {@code fallback: flow} hands them back to their flow, whose queue step says
         * what follows (voicemail, a callback offer, a message). Returns the overflow queue, or null for the flow.
         */
        private String fallbackQueue(YamlNode.Mapping q, String id, Set<String> queueIds)
                throws InvalidConfigurationException {
            YamlNode f = ConfigFile.value(q, "fallback");
            if (f == null) {
                throw file.error(q, "queue '" + id + "' has no fallback: add 'fallback: flow' (the flow's queue step"
                        + " goes on) or 'fallback: {queue: <id>}' (the call keeps its place in another queue)");
            }
            if (f instanceof YamlNode.Scalar s && "flow".equals(s.text())) {
                return null;
            }
            String target = f instanceof YamlNode.Mapping m ? file.text(m, "queue", "") : "";
            if (target.isEmpty()) {
                throw file.error(f, "queue '" + id + "': fallback must be 'flow' or {queue: <id>}");
            }
            YamlNode at = ((YamlNode.Mapping) f).get("queue");
            if (!queueIds.contains(target)) {
                throw file.error(at, "queue '" + id + "' falls back to unknown queue '" + target + "'");
            }
            if (target.equals(id)) {
                throw file.error(at, "queue '" + id + "' cannot fall back to itself");
            }
            return target;
        }

        private ServiceLevelTarget serviceLevel(YamlNode.Mapping q, String id) throws InvalidConfigurationException {
            YamlNode.Mapping n = file.mapping(q, "serviceLevel");
            int shortAbandon = file.integer(q, "shortAbandonSeconds", 0);
            if (shortAbandon < 0) {
                throw file.error(q.get("shortAbandonSeconds"), "queue '" + id
                        + "': shortAbandonSeconds must not be negative, not " + shortAbandon);
            }
            if (n == null) {
                ServiceLevelTarget d = ServiceLevelTarget.DEFAULT;
                return new ServiceLevelTarget(d.percent(), d.seconds(), shortAbandon);
            }
            try {
                return new ServiceLevelTarget(file.integer(n, "percent", 0), file.integer(n, "seconds", 0),
                        shortAbandon);
            } catch (IllegalArgumentException e) {
                throw file.error(n, "queue '" + id + "': " + e.getMessage());
            }
        }
    }

    private static List<AgentDefinition> agents(ConfigFile file, Set<String> skills, Set<String> queueIds,
                                                Map<String, AgentPhone> phones, UnaryOperator<String> environment)
            throws InvalidConfigurationException {
        if (!(file.root().get("agents") instanceof YamlNode.Sequence list)) {
            YamlNode at = file.root().get("agents");
            throw file.error(at == null ? file.root() : at, "expected 'agents:' with a list of agents");
        }
        List<AgentDefinition> agents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, String> devices = new HashMap<>(); // device -> its agent, as an error names them
        for (YamlNode item : list.items()) {
            if (!(item instanceof YamlNode.Mapping a)) {
                throw file.error(item, "an agent must be a mapping with an id and an endpoint");
            }
            String id = file.text(a, "id", "");
            // phone: {sip: 1001, ...}: a SIP phone, which Asterisk dials as PJSIP/1001 (the endpoint may be left out).
            YamlNode.Mapping phoneNode = file.mapping(a, "phone");
            AgentPhone phone = phoneNode == null || id.isBlank() ? null
                    : AgentPhone.read(file, phoneNode, id, environment);
            String endpoint = file.text(a, "endpoint", phone == null ? "" : phone.endpoint());
            if (id.isBlank() || endpoint.isBlank()) {
                throw file.error(a, "an agent needs an id and an endpoint (or a phone)");
            }
            if (!ids.add(id)) {
                throw file.error(a.get("id"), "agent '" + id + "' is defined twice");
            }
            if (phone != null) {
                if (!endpoint.equals(phone.endpoint())) {
                    throw file.error(a.get("endpoint"), "agent '" + id + "': the endpoint of a SIP phone is "
                            + phone.endpoint() + " (or leave it out), not '" + endpoint + "'");
                }
                phones.put(id, phone);
            }
            if (!endpoint.matches("[A-Za-z0-9_/@.:+-]+")) {
                // Endpoints become part of a Dial command line: nothing that could split it.
                throw file.error(a.get("endpoint"), "agent endpoint '" + endpoint
                        + "' may only hold letters, digits and _ / @ . : + -");
            }
            checkOwnDevice(file, a.get("endpoint") != null ? a.get("endpoint") : a, id, endpoint, devices);
            // queues: [sales, support] (all first line) or {sales: 1, support: 2} (priority in each queue).
            List<String> queues = new ArrayList<>();
            Map<String, Integer> priorities = new LinkedHashMap<>();
            YamlNode qn = ConfigFile.value(a, "queues");
            if (qn instanceof YamlNode.Sequence) {
                List<YamlNode> items = file.items(a, "queues");
                List<String> names = file.texts(a, "queues");
                for (int j = 0; j < names.size(); j++) {
                    checkQueue(file, items.get(j).at(), id, names.get(j), queueIds);
                    queues.add(names.get(j));
                }
            } else if (qn instanceof YamlNode.Mapping m) {
                for (String queue : m.fields().keySet()) {
                    checkQueue(file, m.keyAt(queue), id, queue, queueIds);
                    queues.add(queue);
                    priorities.put(queue, file.integer(m, queue, 0));
                }
            } else if (qn != null) {
                throw file.error(qn, "agent '" + id + "': queues must be a list or a mapping of queue to priority");
            }
            try {
                agents.add(new AgentDefinition(id, endpoint, queues, proficiencies(file, a, "skills", skills),
                        priorities));
            } catch (IllegalArgumentException e) {
                throw file.error(a, e.getMessage());
            }
        }
        return agents;
    }

    /**
     * Refuses a second agent on a device: Asterisk reports one state per device and the server finds a channel's
     * agent by its device, so two agents on {@code PJSIP/1001} (or on {@code Local/a@x} and {@code Local/a@x/n})
     * would both be offered calls for one phone and disagree about who is talking.
     */
    private static void checkOwnDevice(ConfigFile file, YamlNode at, String agent, String endpoint,
                                       Map<String, String> devices) throws InvalidConfigurationException {
        String device = DeviceName.ofEndpoint(endpoint);
        String first = devices.putIfAbsent(device, "'" + agent + "' (line " + at.at().line() + ")");
        if (first != null) {
            throw file.error(at, "agent '" + agent + "' has the device " + device + " of agent " + first
                    + ": each agent needs a phone of their own");
        }
    }

    private static void checkQueue(ConfigFile file, Position at, String agent, String queue, Set<String> queueIds)
            throws InvalidConfigurationException {
        if (!queueIds.contains(queue)) {
            throw file.error(at, "agent '" + agent + "' names unknown queue '" + queue + "'");
        }
    }

    /** A mapping of skill name to proficiency (1-10), every skill known to the skills file. */
    private static Map<String, Integer> proficiencies(ConfigFile file, YamlNode.Mapping owner, String key,
                                                      Set<String> skills) throws InvalidConfigurationException {
        Map<String, Integer> levels = new LinkedHashMap<>();
        YamlNode.Mapping node;
        try {
            node = file.mapping(owner, key);
        } catch (InvalidConfigurationException e) {
            throw file.error(owner.get(key), "expected a mapping of skill to proficiency, for example {spanish: 5}");
        }
        if (node == null) {
            return levels;
        }
        for (Map.Entry<String, YamlNode> e : node.fields().entrySet()) {
            String skill = e.getKey();
            if (!skills.contains(skill)) {
                throw file.error(node.keyAt(skill), "unknown skill '" + skill + "' (known: "
                        + String.join(", ", skills) + "; skills are declared in skills.yaml)");
            }
            YamlNode v = e.getValue();
            boolean whole = v instanceof YamlNode.Scalar s && !s.string() && s.text() != null
                    && s.text().matches("-?[0-9]{1,9}");
            int level = whole ? Integer.parseInt(((YamlNode.Scalar) v).text()) : 0;
            if (level < 1 || level > 10) {
                throw file.error(v, "proficiency of " + skill + " must be 1-10, not "
                        + (v instanceof YamlNode.Scalar s && s.string() ? "\"" + s.text() + "\"" : text(v)));
            }
            levels.put(skill, level);
        }
        return levels;
    }

    private static String text(YamlNode v) {
        return v instanceof YamlNode.Scalar s ? String.valueOf(s.text()) : ConfigFile.shown(v);
    }
}
