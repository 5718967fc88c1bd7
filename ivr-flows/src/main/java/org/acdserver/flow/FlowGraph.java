package org.acdserver.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acdserver.yaml.Position;

/**
 * The checks on how a flow's steps connect: references to unknown steps, missing exits, steps that can never be
 * reached, steps from which no path ends the call, and loops that never wait for the caller (which would spin).
 */
final class FlowGraph {

    /** The exits each step type must have. */
    private static final Map<Class<?>, List<String>> REQUIRED = Map.ofEntries(
            Map.entry(Step.Play.class, List.of("next")), Map.entry(Step.Menu.class, List.of("fallback")),
            Map.entry(Step.Collect.class, List.of("next", "fallback")),
            Map.entry(Step.Lookup.class, List.of("next", "onError")),
            Map.entry(Step.Branch.class, List.of("otherwise")), Map.entry(Step.Set.class, List.of("next")),
            Map.entry(Step.Hours.class, List.of("open", "closed")), Map.entry(Step.Queue.class, List.of("next")),
            Map.entry(Step.Voicemail.class, List.of("next")), Map.entry(Step.Survey.class, List.of("next")),
            Map.entry(Step.Subflow.class, List.of("next")));

    /** How many step ids a message lists before it only counts the rest. */
    private static final int NAMED_IN_MESSAGE = 20;

    private final String source;
    private final Map<String, Step> steps;
    private final Set<String> declared;
    private final Map<String, Position> places;
    private final List<FlowProblem> problems;

    FlowGraph(String source, Map<String, Step> steps, Set<String> declared, Map<String, Position> places,
              List<FlowProblem> problems) {
        this.source = source;
        this.steps = steps;
        this.declared = declared;
        this.places = places;
        this.problems = problems;
    }

    private Position at(String stepId, String field) {
        Position p = places.get(stepId + "." + field);
        return p != null ? p : places.getOrDefault(stepId, Position.NONE);
    }

    /**
     * Runs the checks. References are always checked (against every step written, even broken ones); the path
     * checks only when {@code whole}, since a step that could not be read would make them report nonsense.
     */
    void check(String start, boolean whole) {
        boolean linksOk = true;
        for (Step s : steps.values()) {
            for (String field : REQUIRED.getOrDefault(s.getClass(), List.of())) {
                if (!s.targets().containsKey(field)) {
                    problems.add(new FlowProblem(source, at(s.id(), null), "dead end: step '" + s.id()
                            + "' has no " + field + " (every path must end with a hangup or transfer)"));
                    linksOk = false;
                }
            }
            for (Map.Entry<String, String> t : s.targets().entrySet()) {
                if (!declared.contains(t.getValue())) {
                    problems.add(new FlowProblem(source, at(s.id(), t.getKey()), "step '" + s.id() + "' goes to"
                            + " unknown step '" + t.getValue() + "'"));
                    linksOk = false;
                }
            }
        }
        if (!whole || !linksOk || start == null || !steps.containsKey(start)) {
            return;
        }
        Set<String> reached = reachable(start);
        for (String id : steps.keySet()) {
            if (!reached.contains(id)) {
                problems.add(new FlowProblem(source, at(id, null), "step '" + id + "' can never be reached"));
            }
        }
        Set<String> canEnd = canEnd();
        for (String id : steps.keySet()) {
            if (reached.contains(id) && !canEnd.contains(id)) {
                problems.add(new FlowProblem(source, at(id, null), "dead end: no path from step '" + id
                        + "' ends with a hangup or transfer"));
            }
        }
        spinningLoops();
    }

    private Set<String> reachable(String start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(steps.get(id).targets().values());
            }
        }
        return seen;
    }

    private Set<String> canEnd() {
        Map<String, List<String>> into = new HashMap<>();
        Set<String> done = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Step s : steps.values()) {
            for (String t : s.targets().values()) {
                into.computeIfAbsent(t, k -> new ArrayList<>()).add(s.id());
            }
            // A queue step ends the call when the caller takes a callback and the step has no afterCallback.
            if (s.ends() || s instanceof Step.Queue q && q.afterCallback() == null) {
                todo.add(s.id());
            }
        }
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (done.add(id)) {
                todo.addAll(into.getOrDefault(id, List.of()));
            }
        }
        return done;
    }

    /**
     * Loops among the steps that do not wait for the caller: the strongly connected components of those steps (see
     * {@link StrongComponents}, which walks without recursion, so a flow of any length is checked).
     */
    private void spinningLoops() {
        List<String> moving = steps.keySet().stream().filter(id -> !steps.get(id).waitsForCaller()).toList();
        for (StrongComponents.Component c : StrongComponents.of(moving, id -> steps.get(id).targets().values())) {
            if (c.cyclic()) {
                Set<String> members = new HashSet<>(c.nodes());
                List<String> inFileOrder = steps.keySet().stream().filter(members::contains).toList();
                String first = inFileOrder.get(0);
                problems.add(new FlowProblem(source, at(first, null), "steps " + named(inFileOrder)
                        + " form a loop that never waits for the caller"));
            }
        }
    }

    /** Step ids for a message: all of a short list, the first few of a long one and how many more. */
    private static String named(List<String> ids) {
        if (ids.size() <= NAMED_IN_MESSAGE) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, NAMED_IN_MESSAGE)) + " and " + (ids.size() - NAMED_IN_MESSAGE)
                + " more";
    }
}
