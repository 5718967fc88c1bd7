package org.acdserver.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.acdserver.yaml.Position;

/**
 * Checks flows against the rest of the configuration: the queues, skills, schedules and named queries they name exist,
 * look-ups give exactly the query's parameters, subflows exist, and every prompt has a sound file in one of the
 * configured sound directories (directly or under a language folder such as {@code en/}). With no sound
 * directories configured, prompts are not checked.
 */
public final class FlowValidator {

    private final Set<String> queues;
    /** Declared skills; null when skills are not checked. */
    private final Set<String> skills;
    private final Set<String> schedules;
    private final Map<String, NamedQuery> queries;
    private final List<Path> soundDirs;
    private final Map<Path, Set<String>> listings = new HashMap<>();

    /** A validator that does not check skill names. */
    public FlowValidator(Set<String> queues, Set<String> schedules, Map<String, NamedQuery> queries,
                         List<Path> soundDirs) {
        this(queues, null, schedules, queries, soundDirs);
    }

    /** A validator that also checks that queue steps need only declared skills. */
    public FlowValidator(Set<String> queues, Set<String> skills, Set<String> schedules,
                         Map<String, NamedQuery> queries, List<Path> soundDirs) {
        this.queues = Set.copyOf(queues);
        this.skills = skills == null ? null : Set.copyOf(skills);
        this.schedules = Set.copyOf(schedules);
        this.queries = Map.copyOf(queries);
        this.soundDirs = List.copyOf(soundDirs);
    }

    /** Every problem of every flow; empty when all are fine. */
    public List<FlowProblem> check(Map<String, Flow> flows) {
        List<FlowProblem> problems = new ArrayList<>();
        for (Path dir : soundDirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(new FlowProblem(dir.toString(), 0, "sound directory does not exist"));
            }
        }
        for (Flow flow : flows.values()) {
            for (Step step : flow.steps().values()) {
                check(flow, step, flows, problems);
            }
        }
        subflowLoops(flows, problems);
        return problems;
    }

    /**
     * Flows that call each other as subflows ({@code a -> b -> a}) would loop at run time, the call's stack of flows
     * growing with each round: each such group is reported once, at the first hop of one loop through it, naming
     * every hop with its {@code file:line:column}. A flow that calls itself is left to the run's own guards.
     */
    private static void subflowLoops(Map<String, Flow> flows, List<FlowProblem> problems) {
        List<String> names = flows.keySet().stream().sorted().toList();
        for (StrongComponents.Component c : StrongComponents.of(names, name -> calls(flows.get(name)).keySet())) {
            if (c.nodes().size() < 2) {
                continue;
            }
            Set<String> group = new HashSet<>(c.nodes());
            String first = c.nodes().stream().sorted().findFirst().orElseThrow();
            List<Step.Subflow> hops = loopThrough(first, group, flows);
            List<String> chain = new ArrayList<>(List.of(first));
            List<String> places = new ArrayList<>();
            String at = first;
            for (Step.Subflow hop : hops) {
                Flow from = flows.get(at);
                Position p = from.where(hop.id(), "flow");
                places.add(p.line() > 0 ? from.source() + ":" + p : from.source());
                chain.add(hop.flow());
                at = hop.flow();
            }
            Flow start = flows.get(first);
            problems.add(new FlowProblem(start.source(), start.where(hops.get(0).id(), "flow"), "flows call each"
                    + " other as subflows, which loops: " + String.join(" -> ", chain) + " ("
                    + String.join(" -> ", places) + ")"));
        }
    }

    /** Each flow's subflow steps by the flow they call (the first such step of each, in file order). */
    private static Map<String, Step.Subflow> calls(Flow flow) {
        Map<String, Step.Subflow> calls = new LinkedHashMap<>();
        for (Step s : flow.steps().values()) {
            if (s instanceof Step.Subflow sub) {
                calls.putIfAbsent(sub.flow(), sub);
            }
        }
        return calls;
    }

    /** The subflow steps of a shortest loop from {@code first} back to it, within its group (breadth first). */
    private static List<Step.Subflow> loopThrough(String first, Set<String> group, Map<String, Flow> flows) {
        Map<String, Step.Subflow> reachedBy = new HashMap<>();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(first));
        String last = null;
        while (!todo.isEmpty() && last == null) {
            String f = todo.poll();
            for (Map.Entry<String, Step.Subflow> call : calls(flows.get(f)).entrySet()) {
                String to = call.getKey();
                if (to.equals(first)) {
                    last = f;
                    reachedBy.put(first, call.getValue());
                    break;
                }
                if (group.contains(to) && !cameFrom.containsKey(to)) {
                    cameFrom.put(to, f);
                    reachedBy.put(to, call.getValue());
                    todo.add(to);
                }
            }
        }
        Deque<Step.Subflow> hops = new ArrayDeque<>();
        hops.push(reachedBy.get(first));
        for (String f = last; !f.equals(first); f = cameFrom.get(f)) {
            hops.push(reachedBy.get(f));
        }
        return List.copyOf(hops);
    }

    private void check(Flow flow, Step step, Map<String, Flow> flows, List<FlowProblem> problems) {
        String id = step.id();
        switch (step) {
            case Step.Queue q when q.queue() != null && !queues.contains(q.queue()) ->
                    problems.add(problem(flow, id, "queue", "step '" + id + "' names unknown queue '" + q.queue()
                            + "'"));
            case Step.Hours h when !schedules.contains(h.schedule()) ->
                    problems.add(problem(flow, id, "schedule", "step '" + id + "' names unknown schedule '"
                            + h.schedule() + "'"));
            case Step.Lookup l -> {
                NamedQuery q = queries.get(l.query());
                if (q == null) {
                    problems.add(problem(flow, id, "query", "step '" + id + "' names unknown query '" + l.query()
                            + "'"));
                } else if (!new HashSet<>(q.parameters()).equals(l.arguments().keySet())) {
                    problems.add(problem(flow, id, "with", "step '" + id + "' must give query '" + l.query()
                            + "' exactly its parameters " + q.parameters() + ", not " + l.arguments().keySet()));
                }
            }
            case Step.Subflow s when !flows.containsKey(s.flow()) ->
                    problems.add(problem(flow, id, "flow", "step '" + id + "' calls unknown flow '" + s.flow() + "'"));
            default -> {
            }
        }
        if (skills != null && step instanceof Step.Queue q) {
            for (String skill : q.skills().keySet()) {
                if (!skills.contains(skill)) {
                    problems.add(problem(flow, id, "skills", "step '" + id + "' needs unknown skill '" + skill
                            + "' (skills are declared in skills.yaml)"));
                }
            }
        }
        if (soundDirs.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<Prompt>> field : Step.promptFields(step).entrySet()) {
            for (Prompt p : field.getValue()) {
                for (String file : files(p)) {
                    if (!soundExists(file)) {
                        problems.add(problem(flow, id, field.getKey(), "step '" + id + "' prompt '" + file
                                + "' has no sound file in " + soundDirs));
                    }
                }
            }
        }
    }

    private static List<String> files(Prompt p) {
        return switch (p) {
            case Prompt.Sound s -> List.of(s.file());
            case Prompt.Say s -> Stream.of(s.unit(), s.subunit()).filter(x -> x != null).toList();
        };
    }

    private static FlowProblem problem(Flow flow, String id, String field, String message) {
        return new FlowProblem(flow.source(), flow.where(id, field), message);
    }

    /** A sound exists as {@code dir/name.ext} or {@code dir/<language>/name.ext}, in any format. */
    private boolean soundExists(String name) {
        for (Path dir : soundDirs) {
            List<Path> roots = new ArrayList<>(List.of(dir));
            roots.addAll(languageDirs(dir));
            for (Path root : roots) {
                Path file = root.resolve(name);
                Set<String> names = listing(file.getParent());
                String base = file.getFileName().toString() + ".";
                for (String n : names) {
                    if (n.startsWith(base) && n.indexOf('.', base.length()) < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private List<Path> languageDirs(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String n : listing(dir)) {
            if (n.matches("[a-z]{2}(_[A-Za-z_]+)?") && Files.isDirectory(dir.resolve(n))) {
                out.add(dir.resolve(n));
            }
        }
        return out;
    }

    private Set<String> listing(Path dir) {
        return listings.computeIfAbsent(dir, d -> {
            Set<String> names = new HashSet<>();
            if (d != null && Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(p -> names.add(p.getFileName().toString()));
                } catch (IOException e) {
                    // An unreadable directory holds no sounds we can vouch for.
                }
            }
            return names;
        });
    }
}
