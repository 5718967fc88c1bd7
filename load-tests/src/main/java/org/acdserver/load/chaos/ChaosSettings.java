package org.acdserver.load.chaos;

import java.time.Duration;
import java.util.List;

/**
 * The shape of a chaos run.
 *
 * @param callsPerSecond    callers placed per second during every fault's phase
 * @param phase             how long callers are placed per fault
 * @param faultAfter        when, from the start of a phase, the fault begins
 * @param outage            how long PostgreSQL stays stopped and the manager link cut
 * @param agents            simulated agents serving the main flow's two queues
 * @param callbackInterval  one caller in this interval asks for a callback (in a queue of its own, whose agents are
 *                          kept busy by long calls so that its callers wait)
 * @param talk              how long agents of the main flow talk
 * @param hold              how long a caller waits, after its key, before hanging up
 * @param drain             how long the run waits at the end for every callback to be dialled
 * @param warmUp            callers at the full rate before the first fault, not counted (zero for none)
 * @param serverHeap        the server JVM's -Xmx
 * @param faults            the faults, in order
 */
record ChaosSettings(double callsPerSecond, Duration phase, Duration faultAfter, Duration outage, int agents,
                     Duration callbackInterval, Duration talk, Duration hold, Duration drain, Duration warmUp,
                     String serverHeap,
                     List<Fault> faults) {

    ChaosSettings {
        faults = List.copyOf(faults);
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("calls per second must be positive: " + callsPerSecond);
        }
        if (faultAfter.plus(outage).compareTo(phase) >= 0) {
            throw new IllegalArgumentException("the fault (after " + faultAfter + ", for " + outage
                    + ") must be over within the phase (" + phase + ")");
        }
        if (agents < 1) {
            throw new IllegalArgumentException("at least one agent is needed: " + agents);
        }
    }

    /** How long callers go on after the fault is lifted, at the least: the phase's planned rest. */
    Duration afterLift() {
        return phase.minus(faultAfter).minus(outage);
    }

    /** Every how many calls one asks for a callback. */
    int callbackEvery() {
        return (int) Math.max(1, Math.round(callsPerSecond * callbackInterval.toMillis() / 1000.0));
    }
}
