package org.acdserver.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Callbacks as virtual callers: the hold while a caller decides, the callback's place in line, its dial attempts,
 * retries, rescheduling and cancellation.
 *
 * <p>Algorithm. While a caller hears the callback offer, the call is <em>held</em>: out of its line, so no agent is
 * reserved for a caller who may be leaving, but still owned and keeping its arrival sequence. If the caller
 * declines, the call goes back to exactly its old place. If the caller accepts, the callback takes over the held
 * call under its own id: same queue, arrival sequence, enqueue time, priority, skills, escalation and overflow
 * history, and the original call ends as {@link CallEnding#CALLBACK}. A callback reloaded at start-up, with no live
 * call behind it, gets a new sequence number (after everything already waiting) and keeps its original enqueue time
 * for escalation.
 *
 * <p>A callback with a {@code notBefore} time in the future (a retry's spacing, the queue's opening) waits outside
 * the lines, in insertion order, and enters its line on the first tick at or after that time, at the place its
 * arrival sequence gives it. Offering a callback reserves an agent and asks the port to dial, agent first. A customer
 * who cannot be reached frees the agent at once, without wrap-up, and the callback either waits for its retry time
 * or, with none left, ends as {@link CallEnding#CALLBACK_FAILED}. A callback that is being dialed cannot be
 * rescheduled or cancelled: the dial's outcome decides.
 *
 * <p>Touched only by the routing thread.
 */
final class CallbackScheduler {

    private final Queues queues;
    private final Roster roster;
    private final Dispatcher dispatcher;
    private final RoutingPort port;
    private final Skills skills;
    private final AgentHistory history;
    /** Callbacks that became due on a tick; kept between ticks so that a tick allocates nothing. */
    private final List<WaitingCall> due = new ArrayList<>();
    /** Callbacks not yet due (retry spacing, closed hours), by id; they enter their line on the tick when due. */
    private final Map<String, WaitingCall> scheduled = new LinkedHashMap<>();

    CallbackScheduler(Queues queues, Roster roster, Dispatcher dispatcher, RoutingPort port, Skills skills,
                      AgentHistory history) {
        this.queues = queues;
        this.roster = roster;
        this.dispatcher = dispatcher;
        this.port = port;
        this.skills = skills;
        this.history = history;
    }

    /** Takes a waiting call out of line, keeping its place; see {@link RoutingEngine#callHeld}. */
    boolean callHeld(String callId, long nowMillis) {
        WaitingCall call = queues.call(callId);
        if (call == null || call.held || call.callback) {
            return false;
        }
        RoutedAgent agent = roster.holding(call);
        if (agent != null && agent.state == AgentState.ON_CALL) {
            return false;
        }
        queues.line(call.queue).remove(call);
        call.held = true;
        if (agent != null) {
            agent.becomeReady(nowMillis);
            history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
            dispatcher.dispatchAgent(agent, nowMillis);
        }
        return true;
    }

    /** A held call goes back to its place. */
    void callResumed(String callId, long nowMillis) {
        WaitingCall call = queues.call(callId);
        if (call == null || !call.held) {
            return;
        }
        call.held = false;
        queues.enterLine(call);
        dispatcher.dispatchQueue(call.queue, nowMillis);
    }

    /** A callback joins its queue, taking over its held call's place if there is one; see {@link RoutingEngine}. */
    boolean callbackQueued(CallbackRequest request, long nowMillis) {
        QueueDefinition q = queues.definition(request.queue());
        if (q == null || queues.owns(request.callbackId())) {
            return false;
        }
        WaitingCall original = request.originalCallId() == null ? null : queues.call(request.originalCallId());
        WaitingCall cb;
        if (original != null && original.held) {
            queues.disown(original.callId);
            port.callLeft(original.callId, CallEnding.CALLBACK);
            cb = queues.newCall().init(request.callbackId(), original.queue, original.priority,
                    original.enqueuedAtMillis, original.sequence, original.requirement);
            cb.ownSkills = original.ownSkills;
            cb.escalationSteps = original.escalationSteps;
            cb.history = original.history;
            queues.release(original);
        } else {
            cb = queues.newCall().init(request.callbackId(), request.queue(), request.priority(),
                    request.enqueuedAtMillis(), queues.nextSequence(),
                    skills.merged(queues.requirement(request.queue()), request.skills()));
            cb.ownSkills = request.skills();
        }
        cb.callback = true;
        cb.notBeforeMillis = request.notBeforeMillis();
        queues.own(cb);
        enterLineOrSchedule(cb, nowMillis);
        return true;
    }

    /** A dial of the customer did not connect: the agent is freed, the callback retries or ends. */
    void callbackAttemptFailed(String callbackId, String agentId, long retryAtMillis, long nowMillis) {
        WaitingCall cb = queues.call(callbackId);
        RoutedAgent agent = roster.agent(agentId);
        if (cb == null || !cb.callback || agent == null || agent.call != cb) {
            return;
        }
        agent.becomeReady(nowMillis);
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        if (retryAtMillis > 0) {
            cb.notBeforeMillis = retryAtMillis;
            enterLineOrSchedule(cb, nowMillis);
        } else {
            queues.disown(callbackId);
            port.callLeft(callbackId, CallEnding.CALLBACK_FAILED);
            queues.release(cb);
        }
        dispatcher.dispatchAll(nowMillis);
    }

    /**
     * The callback could not be dialed for a reason that is not the agent's (the database or the manager link is
     * away): the agent is ready again at once, keeping its idle time (it did no work), and the callback waits until
     * {@code notBeforeMillis}, then enters its line at its place; no attempt is counted.
     */
    void callbackDeferred(String callbackId, String agentId, long notBeforeMillis, long nowMillis) {
        WaitingCall cb = queues.call(callbackId);
        RoutedAgent agent = roster.agent(agentId);
        if (cb == null || !cb.callback || agent == null || agent.call != cb) {
            return;
        }
        long idleSince = agent.idleSinceMillis;
        agent.becomeReady(nowMillis);
        agent.idleSinceMillis = idleSince;
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        cb.notBeforeMillis = Math.max(notBeforeMillis, nowMillis + 1);
        enterLineOrSchedule(cb, nowMillis);
        dispatcher.dispatchAll(nowMillis);
    }

    /** A pending callback moves to a new time; false if it is unknown or being dialed. */
    boolean callbackRescheduled(String callbackId, long notBeforeMillis, long nowMillis) {
        WaitingCall cb = queues.call(callbackId);
        if (cb == null || !cb.callback || roster.holding(cb) != null) {
            return false;
        }
        queues.line(cb.queue).remove(cb);
        scheduled.remove(callbackId);
        cb.notBeforeMillis = notBeforeMillis;
        enterLineOrSchedule(cb, nowMillis);
        return true;
    }

    /** A pending callback leaves for good; false if it is unknown or being dialed. */
    boolean callbackCancelled(String callbackId, long nowMillis) {
        WaitingCall cb = queues.call(callbackId);
        if (cb == null || !cb.callback || roster.holding(cb) != null) {
            return false;
        }
        queues.disown(callbackId);
        scheduled.remove(callbackId);
        queues.leaveLine(cb);
        port.callLeft(callbackId, CallEnding.CANCELLED);
        queues.release(cb);
        return true;
    }

    /** The call left the engine by another way (its caller hung up): it is no longer scheduled. */
    void forget(String callId) {
        scheduled.remove(callId);
    }

    private void enterLineOrSchedule(WaitingCall cb, long nowMillis) {
        Line line = queues.line(cb.queue);
        if (cb.notBeforeMillis > nowMillis || line == null) {
            scheduled.put(cb.callId, cb);
            return;
        }
        cb.notBeforeMillis = 0;
        line.add(cb);
        dispatcher.dispatchQueue(cb.queue, nowMillis);
    }

    /** Callbacks whose time came enter their lines, at the place their arrival order gives them. */
    void releaseDue(long nowMillis) {
        if (scheduled.isEmpty()) {
            return;
        }
        due.clear();
        for (WaitingCall cb : scheduled.values()) {
            if (cb.notBeforeMillis <= nowMillis && queues.line(cb.queue) != null) {
                due.add(cb);
            }
        }
        for (WaitingCall cb : due) {
            scheduled.remove(cb.callId);
            cb.notBeforeMillis = 0;
            queues.enterLine(cb);
        }
        for (WaitingCall cb : due) {
            dispatcher.dispatchQueue(cb.queue, nowMillis);
        }
        due.clear();
    }

    /** The ids of callbacks waiting for their time, in the order they were scheduled. */
    List<String> scheduledIds() {
        return List.copyOf(scheduled.keySet());
    }
}
