package org.acdserver.core;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One queue's agent-selection policy, built once per queue when the configuration loads, so the routing path never
 * tests which policy applies. {@link #order} sorts the ready candidates best first; {@link #chosen} lets stateful
 * policies (round robin) remember the pick.
 */
abstract class AgentSelector {

    private static final Comparator<RoutedAgent> LONGEST_IDLE = Comparator.comparingLong(a -> a.idleSinceMillis);

    abstract SelectionStrategy strategy();

    /** Sorts the candidates (members of this queue, in member order, all ready and qualified) best first. */
    abstract void order(List<RoutedAgent> candidates, WaitingCall call);

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
            case FIXED_ORDER -> new Sorted(strategy, (x, y) -> 0);
            case BEST_PROFICIENCY -> new MostProficient();
            case ROUND_ROBIN -> new RoundRobin(members);
            case RANDOM -> new Shuffled(seed);
        };
    }

    /** A fixed ordering; the sort is stable, so ties keep member order. */
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
        void order(List<RoutedAgent> candidates, WaitingCall call) {
            candidates.sort(order);
        }
    }

    /** Highest summed proficiency in the call's required skills, then the longest idle. */
    private static final class MostProficient extends AgentSelector {
        @Override
        SelectionStrategy strategy() {
            return SelectionStrategy.BEST_PROFICIENCY;
        }

        @Override
        void order(List<RoutedAgent> candidates, WaitingCall call) {
            candidates.sort(Comparator.<RoutedAgent>comparingInt(a -> -a.proficiencyFor(call))
                    .thenComparing(LONGEST_IDLE));
        }
    }

    /** Member order rotated to start after the member chosen last. */
    private static final class RoundRobin extends AgentSelector {
        private final Map<String, Integer> position = new HashMap<>();
        private final int size;
        private int last = -1;

        RoundRobin(List<String> members) {
            for (int i = 0; i < members.size(); i++) {
                position.put(members.get(i), i);
            }
            this.size = Math.max(1, members.size());
        }

        @Override
        SelectionStrategy strategy() {
            return SelectionStrategy.ROUND_ROBIN;
        }

        @Override
        void order(List<RoutedAgent> candidates, WaitingCall call) {
            candidates.sort(Comparator.comparingInt(a -> Math.floorMod(
                    position.getOrDefault(a.definition.id(), 0) - last - 1, size)));
        }

        @Override
        void chosen(RoutedAgent agent) {
            last = position.getOrDefault(agent.definition.id(), last);
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
        void order(List<RoutedAgent> candidates, WaitingCall call) {
            for (int i = candidates.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                RoutedAgent t = candidates.get(i);
                candidates.set(i, candidates.get(j));
                candidates.set(j, t);
            }
        }
    }
}
