package org.acdserver.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The routing state machine: which waiting call goes to which ready agent.
 *
 * <p>It is single-threaded by design: exactly one thread (the {@link RoutingCore}'s consumer) calls it, so it takes
 * no locks. It does no I/O and never reads a clock; every method receives the event's time. The same sequence of
 * calls therefore yields the same decisions, which is what makes replay and property tests possible.
 *
 * <p>Algorithm: each queue keeps its waiting calls in a {@link Line} (priority first, then arrival order). When a
 * call arrives, the ready agents qualified for it with the lowest priority number in the queue (its first line) are
 * ordered by the queue's {@link SelectionStrategy} and the first is reserved for it. When an agent becomes free, it
 * takes the best call over all of its queues: highest priority, then the longest waiting. A call whose offer fails
 * goes back with its original place (its arrival sequence is kept), and an agent who let it ring out goes not ready
 * for the queue's pause. After a call an agent spends the queue's wrap-up time before taking the next. Calls that
 * wait long enough are escalated by their queue's rules (lower skill minimums, higher priority) on the tick, keeping
 * their arrival order. After every event the engine is work-conserving: no ready agent and waiting call it could take
 * coexist.
 *
 * <p>This class is the engine's entry point and follows a call's life and an agent's availability; each other job
 * has its own class, all sharing the same single-thread ownership:
 * <ul>
 *   <li>{@link Queues}: the queue definitions, their lines, and every call the engine owns;</li>
 *   <li>{@link Roster}: the agents and their states, kept across reconfigurations;</li>
 *   <li>{@link Dispatcher}: matching calls with agents, and the offers that result;</li>
 *   <li>{@link CallbackScheduler}: held calls, callbacks as virtual callers, their retries and times;</li>
 *   <li>{@link Escalation} and {@link Overflow}: what happens to calls that wait long, or find their queue full;</li>
 *   <li>{@link WaitEstimator}: measured handle times, and positions and expected waits from them;</li>
 *   <li>{@link Skills}: skill names as indexes, and interned skill requirements;</li>
 *   <li>{@link DecisionLog}: the latest decisions, for "why did this agent get this call?";</li>
 *   <li>{@link AgentHistory}: every change of an agent's activity, with its cause and call, for the port;</li>
 *   <li>{@link StatusViews}: copies of the state for operators (queue status, snapshots).</li>
 * </ul>
 *
 * <p>In steady state the engine allocates nothing per event or decision: calls come from a pool, lines are kept in
 * order by links through the calls, requirements are interned, decisions are written into a reused
 * {@link DecisionView} and a preallocated {@link DecisionLog}, and agent-state changes into a reused
 * {@link AgentStateView} (see each class for how).
 */
public final class RoutingEngine {

    /** Name of the default strategy in decisions. */
    public static final String LONGEST_IDLE = "longest-idle";
    /** How long a queue waits, by default, for callers of restored places to come back together. */
    public static final long RETURN_HOLD_MILLIS = 3_000;

    /** Decisions the log keeps, and candidate ids over all of them. */
    static final int LOGGED_DECISIONS = 1 << 15;
    static final int LOGGED_CANDIDATES = 1 << 17;

    private final RoutingPort port;
    private final Skills skills = new Skills();
    private final Queues queues = new Queues(skills);
    private final Roster roster = new Roster(skills);
    private final DecisionLog log = new DecisionLog(LOGGED_DECISIONS, LOGGED_CANDIDATES);
    private final Dispatcher dispatcher;
    private final CallbackScheduler callbacks;
    private final Escalation escalation;
    private final Overflow overflow;
    private final WaitEstimator estimator;
    private final AgentHistory history;
    private final ReturnHold returnHold = new ReturnHold();
    private final RestoredPlaces restored;
    private final NamedTransfers transfers;
    private final StatusViews views;

    public RoutingEngine(RoutingConfiguration configuration, RoutingPort port, long nowMillis) {
        this.port = port;
        this.history = new AgentHistory(port);
        this.dispatcher = new Dispatcher(queues, roster, port, log, history, returnHold);
        this.restored = new RestoredPlaces(queues, skills, dispatcher, port, returnHold);
        this.callbacks = new CallbackScheduler(queues, roster, dispatcher, port, skills, history);
        this.escalation = new Escalation(queues, dispatcher, skills, port);
        this.overflow = new Overflow(queues, dispatcher, port, skills);
        this.estimator = new WaitEstimator(queues, roster);
        this.transfers = new NamedTransfers(queues, roster, skills, dispatcher, history, port);
        this.views = new StatusViews(queues, roster, callbacks);
        configure(configuration, nowMillis);
    }

    /**
     * Replaces queues and agents. Waiting calls keep their places; agents that remain keep their state; new agents
     * start ready (and are reported signed in); removed agents are reported signed out. Calls waiting in a queue
     * that no longer exists stay in line and are reported in the snapshot.
     */
    public void configure(RoutingConfiguration configuration, long nowMillis) {
        List<RoutedAgent> before = new ArrayList<>(roster.all());
        queues.configure(configuration);
        roster.configure(configuration.agents(), nowMillis);
        for (RoutedAgent old : before) {
            if (roster.agent(old.definition.id()) == null) {
                history.removed(old, nowMillis);
            }
        }
        for (RoutedAgent agent : roster.all()) {
            history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        }
        dispatcher.configure(configuration.queues());
        dispatcher.dispatchAll(nowMillis);
    }

    /** A caller entered a queue, needing only the queue's skills. */
    public boolean callQueued(String callId, String queue, int priority, long nowMillis) {
        return callQueued(callId, queue, priority, Map.of(), nowMillis);
    }

    /**
     * A caller entered a queue. {@code skills} may ask for more than the queue does, for example spanish at 5 or
     * better; the stricter minimum wins. Unknown queues are rejected so that the gateway can send the caller to a
     * fallback.
     */
    public boolean callQueued(String callId, String queue, int priority, Map<String, Integer> skills,
                              long nowMillis) {
        // One probe of the call map answers "restored?" and "owned?" and is where a new call goes.
        int slot = queues.slotOf(callId);
        WaitingCall owned = queues.callAt(slot);
        if (owned != null && owned.restored) {
            return callReturned(owned, nowMillis);
        }
        QueueDefinition q = queues.definition(queue);
        if (q == null || owned != null) {
            return false;
        }
        WaitingCall call = queues.newCall().init(callId, queue, priority, nowMillis, queues.nextSequence(),
                this.skills.merged(queues.requirement(queue), skills));
        call.ownSkills = Map.copyOf(skills);
        queues.ownAt(slot, call);
        queues.enterLine(call);
        if (port.keepsPlaces()) {
            port.callPlaced(call.place());
        }
        dispatcher.dispatchQueue(queue, nowMillis);
        overflow.overflowIfFull(call, q, nowMillis);
        // The same object owns the id unless the call overflowed; then the map says which (if any) does.
        tellIfWaiting(call.callId == callId ? call : queues.call(callId));
        return true;
    }

    /**
     * A standby that took over routing puts a call back at its stored place, held until its caller returns (see
     * {@link RestoredPlaces}); its queue offers nothing for up to {@code returnHoldMillis} while restored callers are
     * away ({@link ReturnHold}). Returns false for a call already owned or a queue not configured.
     */
    public boolean callRestored(CallPlace place, long returnHoldMillis, long nowMillis) {
        return restored.restore(place, returnHoldMillis, nowMillis);
    }

    /** {@link #callRestored(CallPlace, long, long)} with the default hold of {@link #RETURN_HOLD_MILLIS}. */
    public boolean callRestored(CallPlace place, long nowMillis) {
        return callRestored(place, RETURN_HOLD_MILLIS, nowMillis);
    }

    /** The caller of a restored call is back: it takes its place in line. */
    private boolean callReturned(WaitingCall call, long nowMillis) {
        restored.returned(call, nowMillis);
        tellIfWaiting(queues.call(call.callId));
        return true;
    }

    /** Tells the port that the call (null: none) holds in a line, if it does (see {@link RoutingPort#callWaiting}). */
    private void tellIfWaiting(WaitingCall call) {
        Line line = call == null ? null : queues.line(call.queue);
        if (line != null && line.contains(call)) {
            port.callWaiting(call.callId);
        }
    }

    /** The caller hung up: the call leaves the line, and an agent reserved or talking to it is freed. */
    public void callerHungUp(String callId, long nowMillis) {
        WaitingCall call = queues.disown(callId);
        if (call == null) {
            return;
        }
        callbacks.forget(callId);
        queues.leaveLine(call);
        restored.gone(call, nowMillis);
        RoutedAgent agent = roster.holding(call);
        port.callLeft(callId, agent != null && agent.state == AgentState.ON_CALL ? CallEnding.ANSWERED
                : CallEnding.ABANDONED);
        if (agent != null) {
            if (agent.state == AgentState.ON_CALL) {
                finishCall(agent, call, nowMillis);
            } else {
                agent.becomeReady(nowMillis);
                history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
                dispatcher.dispatchAgent(agent, nowMillis);
            }
        }
        queues.release(call);
    }

    /** The agent leg answered: the agent is now on the call. */
    public void offerAnswered(String callId, String agentId, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        WaitingCall call = queues.call(callId);
        if (agent == null || call == null || agent.call != call) {
            return;
        }
        agent.state = AgentState.ON_CALL;
        agent.answeredAtMillis = nowMillis;
        agent.callsTaken++;
        port.placeReleased(callId);
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
    }

    /**
     * The agent put its call on hold ({@code onHold}) or took it back. Routing does not change (the agent is busy
     * either way); the agent-state history records the hold. Ignored for an agent not on a call.
     */
    public void agentHold(String agentId, boolean onHold, AgentStateCause cause, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.state != AgentState.ON_CALL || agent.onHold == onHold) {
            return;
        }
        agent.onHold = onHold;
        history.report(agent, cause, null, nowMillis);
    }

    /**
     * The offer did not connect. The call goes back to its place in line. If the agent's phone rang out or was busy,
     * the agent goes not ready for the queue's pause (a pause of 0: the agent stays ready, idle from now); if the
     * caller vanished, the agent is simply freed.
     */
    public void offerFailed(String callId, String agentId, OfferFailure failure, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        WaitingCall call = queues.call(callId);
        if (agent == null || call == null || agent.call != call) {
            return;
        }
        agent.dropCall();
        if (failure == OfferFailure.CALLER_GONE) {
            agent.becomeReady(nowMillis);
            history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
            queues.disown(callId);
            port.callLeft(callId, CallEnding.ABANDONED);
            queues.release(call);
        } else {
            QueueDefinition q = queues.definition(call.queue);
            int pause = q == null ? 0 : q.noAnswerPauseSeconds();
            if (pause == 0) {
                // No pause: ready again, idle from now, so that agents idle longer are offered the call first.
                agent.becomeReady(nowMillis);
            } else {
                agent.becomeNotReady(failure.reason(), nowMillis + pause * 1000L);
            }
            history.report(agent, AgentStateCause.RING_NO_ANSWER, call, nowMillis);
            queues.enterLine(call);
        }
        dispatcher.dispatchAll(nowMillis);
        if (failure != OfferFailure.CALLER_GONE) {
            tellIfWaiting(queues.call(callId));
        }
    }

    /**
     * The connected call ended (agent leg hung up): the agent is free again. Its device counts as free too: the busy
     * state it reported was this call's, and a missed "not in use" must not strand the agent.
     */
    public void callEnded(String callId, long nowMillis) {
        WaitingCall call = queues.disown(callId);
        if (call == null) {
            return;
        }
        queues.leaveLine(call);
        RoutedAgent agent = roster.holding(call);
        port.callLeft(callId, agent != null && agent.state == AgentState.ON_CALL ? CallEnding.ANSWERED
                : CallEnding.ABANDONED);
        if (agent != null) {
            agent.deviceAvailable = true;
            finishCall(agent, call, nowMillis);
        }
        queues.release(call);
    }

    /** Adds the talk time, then wrap-up for the queue's time, or straight back to ready. */
    private void finishCall(RoutedAgent agent, WaitingCall call, long nowMillis) {
        QueueDefinition q = queues.definition(call.queue);
        int wrapUp = q == null ? 0 : q.wrapUpSeconds();
        if (agent.state == AgentState.ON_CALL) {
            long talk = Math.max(0, nowMillis - agent.answeredAtMillis);
            agent.talkMillis += talk;
            estimator.observe(call.queue, talk + wrapUp * 1000L);
        }
        if (wrapUp > 0) {
            agent.state = AgentState.WRAP_UP;
            agent.dropCall();
            agent.onHold = false;
            agent.wrapUpUntilMillis = nowMillis + wrapUp * 1000L;
            history.report(agent, AgentStateCause.SYSTEM, call, nowMillis);
            return;
        }
        agent.becomeReady(nowMillis);
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        dispatcher.dispatchAgent(agent, nowMillis);
    }

    // ---- callbacks ----------------------------------------------------------------------------------------------

    /**
     * Takes a waiting call out of line while its caller decides on a callback, keeping its place. An agent already
     * reserved for it is freed (its phone was not rung yet: the gateway rings only for calls still waiting).
     * Returns false for a call that is not waiting (unknown, or already talking).
     */
    public boolean callHeld(String callId, long nowMillis) {
        return callbacks.callHeld(callId, nowMillis);
    }

    /** The caller did not take a callback after all (declined, or it could not be stored): back to its place. */
    public void callResumed(String callId, long nowMillis) {
        callbacks.callResumed(callId, nowMillis);
        tellIfWaiting(queues.call(callId));
    }

    /**
     * A callback joins its queue as a virtual caller. Taking over a held call, it keeps that call's place, priority,
     * skills and escalation; otherwise (reloaded at start-up) it gets a place after everything already in line, with
     * the original enqueue time for escalation. Returns false for an unknown queue or an id already in use.
     */
    public boolean callbackQueued(CallbackRequest request, long nowMillis) {
        return callbacks.callbackQueued(request, nowMillis);
    }

    /**
     * A dial of the customer did not connect (busy, no answer, unreachable). The reserved agent is freed at once,
     * without wrap-up; the callback waits for {@code retryAtMillis} at its place, or, with 0, is over.
     */
    public void callbackAttemptFailed(String callbackId, String agentId, long retryAtMillis, long nowMillis) {
        callbacks.callbackAttemptFailed(callbackId, agentId, retryAtMillis, nowMillis);
    }

    /**
     * The callback's dial could not start for a reason that is not the agent's (the database or the manager link is
     * away). The reserved agent is ready again at once, with no pause; the callback keeps its place and enters its
     * line again at {@code notBeforeMillis}, so that live calls behind it are served meanwhile.
     */
    public void callbackDeferred(String callbackId, String agentId, long notBeforeMillis, long nowMillis) {
        callbacks.callbackDeferred(callbackId, agentId, notBeforeMillis, nowMillis);
    }

    /**
     * A pending callback is to be dialed not before {@code notBeforeMillis} (0: as soon as possible). Returns false
     * if it is unknown or already being dialed.
     */
    public boolean callbackRescheduled(String callbackId, long notBeforeMillis, long nowMillis) {
        return callbacks.callbackRescheduled(callbackId, notBeforeMillis, nowMillis);
    }

    /**
     * A pending callback was cancelled: it leaves the line. Returns false if it is unknown or already being dialed
     * (that dial's outcome ends it).
     */
    public boolean callbackCancelled(String callbackId, long nowMillis) {
        return callbacks.callbackCancelled(callbackId, nowMillis);
    }

    // ---- agents -------------------------------------------------------------------------------------------------

    /** The agent made itself ready (or the pause after a ring-no-answer was lifted). */
    public void agentReady(String agentId, long nowMillis) {
        agentReady(agentId, AgentStateCause.SYSTEM, nowMillis);
    }

    /** The agent was made ready (signed in, or back from a pause) by {@code cause}. */
    public void agentReady(String agentId, AgentStateCause cause, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.call != null || agent.state == AgentState.READY) {
            return;
        }
        agent.becomeReady(nowMillis);
        history.report(agent, cause, null, nowMillis);
        dispatcher.dispatchAgent(agent, nowMillis);
    }

    /**
     * The agent signed out. Only an agent without a call can sign out; returns false otherwise, so the phone can say
     * so.
     */
    public boolean agentLoggedOut(String agentId, long nowMillis) {
        return agentLoggedOut(agentId, AgentStateCause.SYSTEM, nowMillis);
    }

    /** The agent was signed out by {@code cause}; see {@link #agentLoggedOut(String, long)}. */
    public boolean agentLoggedOut(String agentId, AgentStateCause cause, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.call != null) {
            return false;
        }
        agent.signOut();
        history.report(agent, cause, null, nowMillis);
        return true;
    }

    /** The agent made itself not ready; an agent on a call goes not ready when the call ends. */
    public void agentNotReady(String agentId, String reason, long nowMillis) {
        agentNotReady(agentId, reason, AgentStateCause.SYSTEM, nowMillis);
    }

    /** The agent was made not ready for {@code reason} by {@code cause}. */
    public void agentNotReady(String agentId, String reason, AgentStateCause cause, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.call != null) {
            return;
        }
        agent.becomeNotReady(reason, 0);
        history.report(agent, cause, null, nowMillis);
    }

    /** The agent's device became busy or unreachable (false), or free again (true). */
    public void deviceAvailability(String agentId, boolean available, long nowMillis) {
        deviceAvailability(agentId, available,
                available ? AgentStateCause.SYSTEM : AgentStateCause.PHONE_UNREGISTERED, nowMillis);
    }

    /** The agent's device became unavailable (false) or available (true), as {@code cause} says. */
    public void deviceAvailability(String agentId, boolean available, AgentStateCause cause, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.deviceAvailable == available) {
            return;
        }
        agent.deviceAvailable = available;
        history.report(agent, cause, null, nowMillis);
        if (available) {
            dispatcher.dispatchAgent(agent, nowMillis);
        }
    }

    /**
     * Time passed: due callbacks enter their lines, calls that have waited long enough are escalated, then overflowed,
     * and wrap-ups and pauses that are over end, in that order.
     */
    public void tick(long nowMillis) {
        transfers.expire(nowMillis);
        restored.liftDue(nowMillis);
        callbacks.releaseDue(nowMillis);
        escalation.escalate(nowMillis);
        overflow.overflowLongWaits(nowMillis);
        List<RoutedAgent> agents = roster.all();
        for (int i = 0; i < agents.size(); i++) {
            RoutedAgent agent = agents.get(i);
            if (agent.breakOver(nowMillis)) {
                agent.becomeReady(nowMillis);
                history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
                dispatcher.dispatchAgent(agent, nowMillis);
            }
        }
    }

    /** Blind transfers to a named agent: hold the target, then offer it the call (see {@link NamedTransfers}). */
    NamedTransfers transfers() {
        return transfers;
    }

    // ---- questions ----------------------------------------------------------------------------------------------

    /** Position and expected wait of a waiting call, or null if the call is not waiting (see {@link WaitEstimator}). */
    public WaitEstimate estimate(String callId) {
        return estimator.estimate(callId);
    }

    /** The call's decisions still kept, oldest first (see {@link DecisionLog}); empty for none. */
    public List<RoutingDecision> decisions(String callId) {
        return log.decisionsFor(callId);
    }

    /** Whether the agent's device is free as far as the engine knows (false for unknown agents). */
    public boolean deviceAvailable(String agentId) {
        RoutedAgent agent = roster.agent(agentId);
        return agent != null && agent.deviceAvailable;
    }

    /** Every configured queue as it stands: calls in line, the longest wait, the members by activity. */
    public List<QueueStatus> queueStatus() {
        return views.queueStatus();
    }

    /**
     * The event applied next was published at {@code publishedNanos} ({@link System#nanoTime()}): the decisions it
     * leads to carry that time ({@link DecisionView#eventPublishedNanos()}).
     */
    void applying(long publishedNanos) {
        dispatcher.eventNanos = publishedNanos;
    }

    /** A consistent copy of the state, for tests, metrics and operators. */
    public RoutingSnapshot snapshot() {
        return views.snapshot();
    }
}
