package org.acdserver.gateway.call;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls that are in a queue or with an agent, by Asterisk unique id; shared by the AGI, AMI and routing threads.
 */
public final class CallRegistry {
    private final ConcurrentHashMap<String, QueuedCall> calls = new ConcurrentHashMap<>();

    void add(QueuedCall call) {
        calls.put(call.callId(), call);
    }

    void remove(QueuedCall call) {
        calls.remove(call.callId(), call);
    }

    /** The call with this id, or null (also for a null id: not every manager event names a caller). */
    public QueuedCall get(String callId) {
        return callId == null ? null : calls.get(callId);
    }

    public int size() {
        return calls.size();
    }

    public Collection<QueuedCall> all() {
        return calls.values();
    }
}
