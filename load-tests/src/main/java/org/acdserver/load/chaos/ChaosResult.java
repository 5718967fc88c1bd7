package org.acdserver.load.chaos;

import java.util.List;

/** The figures of a whole chaos run: one row per fault, and the callbacks over the run. */
public record ChaosResult(List<PhaseFigures> phases, CallbackFigures callbacks) {

    public ChaosResult {
        phases = List.copyOf(phases);
    }

    String report() {
        StringBuilder out = new StringBuilder(PhaseFigures.header()).append('\n');
        for (PhaseFigures p : phases) {
            out.append(p.row()).append('\n');
        }
        return out.append(callbacks.summary()).toString();
    }
}
