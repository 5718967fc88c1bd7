package org.acdserver.gateway.call;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The calls that are in a queue or with an agent, by Asterisk unique id; shared by the AGI, AMI and routing threads. */
public final class CallRegistry {
    private final ConcurrentHashMap<String, QueuedCall> calls = new ConcurrentHashMap<>();

    void add(QueuedCall call) {
        calls.put(call.callId(), call);
    }

    void remove(QueuedCall call) {
        calls.remove(call.callId(), call);
    }

    public QueuedCall get(String callId) {
        return calls.get(callId);
    }

    public int size() {
        return calls.size();
    }

    public Collection<QueuedCall> all() {
        return calls.values();
    }
}
