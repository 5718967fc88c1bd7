package org.acdserver.core;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One queue's agent-selection policy, built once per queue when the configuration loads, so the routing path never
 * tests which policy applies. {@link #order} sorts the ready candidates best first, in place; {@link #chosen} lets
 * stateful policies (round robin) remember the pick.
 *
 * <p>Ordering allocates nothing: each policy's comparator is built once, and the sort is a stable merge sort over
 * the candidates' array with a buffer the selector keeps (grown to the largest candidate set it has seen).
 */
abstract class AgentSelector {

    private static final Comparator<RoutedAgent> LONGEST_IDLE = Comparator.comparingLong(a -> a.idleSinceMillis);
    /** Up to this many candidates are sorted by insertion; more by merging. */
    private static final int INSERTION_MAX = 16;

    private RoutedAgent[] buffer = new RoutedAgent[0];

    abstract SelectionStrategy strategy();

    /**
     * Sorts the first {@code count} candidates (members of this queue in member order, ready, qualified) best
     * first.
     */
    abstract void order(RoutedAgent[] candidates, int count, WaitingCall call);

    /** The first candidate was offered the call. */
    void chosen(RoutedAgent agent) {
    }

    static AgentSelector of(SelectionStrategy strategy, long seed, List<String> members) {
        return switch (strategy) {
            case LONGEST_IDLE -> new Sorted(strategy, LONGEST_IDLE);
            case FEWEST_CALLS -> new Sorted(strategy,
                    Comparator.<RoutedAgent>comparingLong(a -> a.callsTaken).thenComparing(LONGEST_IDLE));
            case LEAST_TALK_TIME -> new Sorted(strategy,
                    Comparator.<RoutedAgent>comparingLong(a -> a.talkMillis).thenComparing(LONGEST_IDLE));
            case FIXED_ORDER -> new Sorted(strategy, null);
            case BEST_PROFICIENCY -> new MostProficient();
            case ROUND_ROBIN -> new RoundRobin(members);
            case RANDOM -> new Shuffled(seed);
        };
    }

    /** Sorts {@code a[0, n)} by {@code order}, keeping the order of equals (member order breaks ties). */
    final void sort(RoutedAgent[] a, int n, Comparator<RoutedAgent> order) {
        if (n <= INSERTION_MAX) {
            for (int i = 1; i < n; i++) {
                RoutedAgent x = a[i];
                int j = i;
                while (j > 0 && order.compare(a[j - 1], x) > 0) {
                    a[j] = a[j - 1];
                    j--;
                }
                a[j] = x;
            }
            return;
        }
        if (buffer.length < n) {
            buffer = new RoutedAgent[Integer.highestOneBit(n) << 1];
        }
        RoutedAgent[] src = a;
        RoutedAgent[] dst = buffer;
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += width << 1) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + (width << 1), n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    if (i < mid && (j >= hi || order.compare(src[i], src[j]) <= 0)) {
                        dst[k] = src[i++];
                    } else {
                        dst[k] = src[j++];
                    }
                }
            }
            RoutedAgent[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, n);
        }
    }

    /** A fixed ordering; the sort is stable, so ties keep member order (no ordering at all: member order). */
    private static final class Sorted extends AgentSelector {
        private final SelectionStrategy strategy;
        private final Comparator<RoutedAgent> order;

        Sorted(SelectionStrategy strategy, Comparator<RoutedAgent> order) {
            this.strategy = strategy;
            this.order = order;
        }

        @Override
        SelectionStrategy strategy() {
            return strategy;
        }

        @Override
        void order(RoutedAgent[] candidates, int count, WaitingCall call) {
            if (order != null) {
                sort(candidates, count, order);
            }
        }
    }

    /** Highest summed proficiency in the call's required skills, then the longest idle. */
    private static final class MostProficient extends AgentSelector {
        /** The call being placed, read by the comparator (one comparator, built once). */
        private WaitingCall current;
        private final Comparator<RoutedAgent> order = Comparator
                .<RoutedAgent>comparingInt(a -> -a.proficiencyFor(current)).thenComparing(LONGEST_IDLE);

        @Override
        SelectionStrategy strategy() {
            return SelectionStrategy.BEST_PROFICIENCY;
        }

        @Override
        void order(RoutedAgent[] candidates, int count, WaitingCall call) {
            current = call;
            sort(candidates, count, order);
            current = null;
        }
    }

    /** Member order rotated to start after the member chosen last. */
    private static final class RoundRobin extends AgentSelector {
        private final Map<String, Integer> position = new HashMap<>();
        private final Comparator<RoutedAgent> order;
        private int last = -1;

        RoundRobin(List<String> members) {
            for (int i = 0; i < members.size(); i++) {
                position.put(members.get(i), i);
            }
            int size = Math.max(1, members.size());
            this.order = Comparator.comparingInt(a -> Math.floorMod(positionOf(a, 0) - last - 1, size));
        }

        private int positionOf(RoutedAgent agent, int otherwise) {
            Integer p = position.get(agent.definition.id());
            return p == null ? otherwise : p;
        }

        @Override
        SelectionStrategy strategy() {
            return SelectionStrategy.ROUND_ROBIN;
        }

        @Override
        void order(RoutedAgent[] candidates, int count, WaitingCall call) {
            sort(candidates, count, order);
        }

        @Override
        void chosen(RoutedAgent agent) {
            last = positionOf(agent, last);
        }
    }

    /** A seeded shuffle: random, yet the same events give the same choices. */
    private static final class Shuffled extends AgentSelector {
        private final SplittableRandom random;

        Shuffled(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        SelectionStrategy strategy() {
            return SelectionStrategy.RANDOM;
        }

        @Override
        void order(RoutedAgent[] candidates, int count, WaitingCall call) {
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                RoutedAgent t = candidates[i];
                candidates[i] = candidates[j];
                candidates[j] = t;
            }
        }
    }
}
