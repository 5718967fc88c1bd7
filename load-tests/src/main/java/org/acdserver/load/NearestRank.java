package org.acdserver.load;

import java.util.List;

/**
 * The nearest-rank percentile every load tool reports: the value at rank {@code ceil(q * n)} of {@code n} sorted
 * values, so that a p99 of fewer than 100 values is their maximum, as the READMEs say.
 */
public final class NearestRank {

    private NearestRank() {
    }

    /** The index of quantile {@code q} (0..1) among {@code size} sorted values; {@code size} must be positive. */
    public static int index(int size, double q) {
        return Math.max(0, Math.min(size - 1, (int) Math.ceil(q * size) - 1));
    }

    /** Quantile {@code q} of a non-empty sorted list. */
    public static <T> T of(List<T> sorted, double q) {
        return sorted.get(index(sorted.size(), q));
    }
}
