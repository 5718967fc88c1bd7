package org.acdserver.core;

import java.util.List;

/**
 * The calls a standby that took over routing puts back at their stored places, until their callers return.
 *
 * <p>A restored call goes after the calls restored before it and ahead of every call that arrives later, with its
 * queue, priority, enqueue time, skills, escalation and overflow history. It is held out of line until its caller
 * comes back (a {@code callQueued} for the same call id, in any queue), so that no agent is reserved for a caller who
 * may never return; a caller who does not is ended with {@code callerHungUp}. Meanwhile its queue offers nothing for
 * a short while ({@link ReturnHold}), so that callers who come back together are served in their old order.
 * Touched only by the routing thread.
 */
final class RestoredPlaces {

    private final Queues queues;
    private final Skills skills;
    private final Dispatcher dispatcher;
    private final RoutingPort port;
    private final ReturnHold hold;
    /** How long a queue holds after a restore or a return, while some of its restored callers are away. */
    private long holdMillis;

    RestoredPlaces(Queues queues, Skills skills, Dispatcher dispatcher, RoutingPort port, ReturnHold hold) {
        this.queues = queues;
        this.skills = skills;
        this.dispatcher = dispatcher;
        this.port = port;
        this.hold = hold;
    }

    /** Puts the call back, held; false for a call already owned or a queue not configured. */
    boolean restore(CallPlace place, long holdMillis, long nowMillis) {
        QueueDefinition q = queues.definition(place.queue());
        if (q == null || queues.owns(place.callId())) {
            return false;
        }
        WaitingCall call = queues.newCall().init(place.callId(), place.queue(), place.priority(),
                place.enqueuedAtMillis(), queues.nextSequence(), skills.requirement(place.requiredSkills()));
        call.ownSkills = place.ownSkills();
        call.escalationSteps = place.escalationSteps();
        call.history = place.history();
        call.restored = true;
        call.held = true;
        queues.own(call);
        this.holdMillis = holdMillis;
        hold.restored(call.queue, holdMillis, nowMillis);
        if (port.keepsPlaces()) {
            port.callPlaced(call.place());
        }
        return true;
    }

    /** The caller of a restored call is back: it takes its place in line, offered once its queue holds no more. */
    void returned(WaitingCall call, long nowMillis) {
        call.restored = false;
        call.held = false;
        hold.settled(call.queue, true, holdMillis, nowMillis);
        queues.enterLine(call);
        dispatcher.dispatchQueue(call.queue, nowMillis);
    }

    /** The caller of a restored call will not come back (it is being ended): its queue waits for it no longer. */
    void gone(WaitingCall call, long nowMillis) {
        if (call.restored) {
            hold.settled(call.queue, false, holdMillis, nowMillis);
            dispatcher.dispatchQueue(call.queue, nowMillis);
        }
    }

    /** Offers the calls of queues whose hold ran out (on the tick). */
    void liftDue(long nowMillis) {
        List<String> lifted = hold.lifted(nowMillis);
        for (int i = 0; i < lifted.size(); i++) {
            dispatcher.dispatchQueue(lifted.get(i), nowMillis);
        }
    }
}
