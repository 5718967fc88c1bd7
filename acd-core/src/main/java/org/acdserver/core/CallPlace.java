package org.acdserver.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A waiting call's place in line, as a standby routing server needs it to put the caller back there: its queue,
 * priority, enqueue time, arrival order, skills and escalation. The core reports it when the call joins a line and
 * whenever it changes (escalation, overflow), and takes it back with {@link RoutingCore#callRestored}.
 *
 * @param callId           the call
 * @param queue            the queue it waits in now
 * @param priority         its priority now, after escalation
 * @param enqueuedAtMillis when it first joined a queue; escalation and maximum waits count from here
 * @param sequence         its arrival order in the reporting core: a smaller one was there first
 * @param requiredSkills   its skill minimums now (the queue's and its own, after escalation)
 * @param ownSkills        the skills the call itself asked for, which it keeps in another queue
 * @param escalationSteps  how many of its queue's escalation steps have applied
 * @param history          the queues it waited in before, oldest first
 */
public record CallPlace(String callId, String queue, int priority, long enqueuedAtMillis, long sequence,
                        Map<String, Integer> requiredSkills, Map<String, Integer> ownSkills, int escalationSteps,
                        List<String> history) {

    public CallPlace {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(queue, "queue");
        requiredSkills = Map.copyOf(requiredSkills);
        ownSkills = Map.copyOf(ownSkills);
        history = List.copyOf(history);
    }
}
