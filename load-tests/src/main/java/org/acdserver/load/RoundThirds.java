package org.acdserver.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The median of each third of a round of measurements, taken in the order they came. A whole round's median hides a
 * drift: in the hand-off round the machine gets busier as the round goes on (ended calls hang up while the next ones
 * are dialled), and the thirds show whether a run's median came from its start or its end.
 */
public final class RoundThirds {

    private RoundThirds() {
    }

    /**
     * The nearest-rank medians of the first, second and last third of {@code inOrder}; empty when it holds fewer
     * than three values. The thirds split at {@code n / 3} and {@code 2n / 3}, so the last third takes any rest.
     */
    public static List<Long> medians(List<Long> inOrder) {
        int n = inOrder.size();
        if (n < 3) {
            return List.of();
        }
        List<Long> medians = new ArrayList<>(3);
        for (int part = 0; part < 3; part++) {
            List<Long> third = new ArrayList<>(inOrder.subList(part * n / 3, (part + 1) * n / 3));
            third.sort(null);
            medians.add(NearestRank.of(third, 0.5));
        }
        return List.copyOf(medians);
    }
}
