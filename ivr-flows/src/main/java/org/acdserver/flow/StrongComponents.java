package org.acdserver.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Tarjan's strongly connected components, walked with an explicit stack rather than recursion, so that a graph of
 * any depth (a flow of tens of thousands of steps in a row) costs heap, not thread stack.
 *
 * <p>Each frame of the walk is a node and an iterator over its successors; a node's low link is settled when its
 * iterator runs out, and then folded into its parent's. Components come out in the order Tarjan's algorithm finishes
 * them (every component before the components that reach it).
 */
final class StrongComponents {

    private StrongComponents() {
    }

    /** A component and whether one of its nodes leads to itself directly (a one-node loop). */
    record Component(List<String> nodes, boolean selfLoop) {

        /** True when the component holds a cycle: two or more nodes, or one that leads to itself. */
        boolean cyclic() {
            return nodes.size() > 1 || selfLoop;
        }
    }

    private static final class Frame {
        final String node;
        final Iterator<String> next;

        Frame(String node, Iterator<String> next) {
            this.node = node;
            this.next = next;
        }
    }

    /**
     * The components of the graph over {@code nodes} (in that order as roots); {@code successors} gives each node's
     * successors, only those among {@code nodes} counting.
     */
    static List<Component> of(Collection<String> nodes, Function<String, ? extends Collection<String>> successors) {
        Set<String> inGraph = new HashSet<>(nodes);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        ArrayDeque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        Set<String> selfLoops = new HashSet<>();
        List<Component> components = new ArrayList<>();
        ArrayDeque<Frame> walk = new ArrayDeque<>();
        int counter = 0;
        for (String root : nodes) {
            if (index.containsKey(root)) {
                continue;
            }
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            walk.push(new Frame(root, successors.apply(root).iterator()));
            while (!walk.isEmpty()) {
                Frame top = walk.peek();
                if (top.next.hasNext()) {
                    String w = top.next.next();
                    if (!inGraph.contains(w)) {
                        continue;
                    }
                    if (w.equals(top.node)) {
                        selfLoops.add(w);
                    }
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        walk.push(new Frame(w, successors.apply(w).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(top.node, Math.min(low.get(top.node), index.get(w)));
                    }
                    continue;
                }
                walk.pop();
                String v = top.node;
                if (!walk.isEmpty()) {
                    String parent = walk.peek().node;
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(new Component(component, component.size() == 1 && selfLoops.contains(v)));
                }
            }
        }
        return components;
    }
}
