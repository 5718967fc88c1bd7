package org.acdserver.gateway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.acdserver.flow.Flow;
import org.acdserver.flow.Step;

/**
 * A flow's steps as a graph for the console's drawing: one node per step (its id and type, the start marked), one edge
 * per exit, labelled by the exit's name ({@code next}, {@code fallback}, a menu key, a branch case).
 *
 * @param start the first step's id
 * @param nodes the steps in file order
 * @param edges the exits
 */
public record FlowDiagram(String start, List<Node> nodes, List<Edge> edges) {

    /** One step. */
    public record Node(String id, String type) {
    }

    /** One exit of a step. */
    public record Edge(String from, String to, String label) {
    }

    public FlowDiagram {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The diagram of a valid flow. */
    public static FlowDiagram of(Flow flow) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Step s : flow.steps().values()) {
            nodes.add(new Node(s.id(), s.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
            for (Map.Entry<String, String> exit : s.targets().entrySet()) {
                edges.add(new Edge(s.id(), exit.getValue(), label(exit.getKey())));
            }
        }
        return new FlowDiagram(flow.start(), nodes, edges);
    }

    /** A menu choice reads as its key ("1"), a branch case as "case 1"; other exits keep their field's name. */
    private static String label(String field) {
        if (field.startsWith("choices.")) {
            return field.substring("choices.".length());
        }
        if (field.startsWith("cases.")) {
            return "case " + (Integer.parseInt(field.substring("cases.".length())) + 1);
        }
        return field;
    }
}
