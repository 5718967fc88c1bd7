package org.acdserver.core;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blind transfers of a connected call to one named agent, as the agent desktop asks for them.
 *
 * <p>A transfer takes two steps, because the transferring agent's leg must not end unless the target can take the
 * call:
 * <ol>
 *   <li>{@link #reserve}: the target must be signed in, ready, with an available phone (registered, not busy),
 *       not in wrap-up and holding no call; otherwise the transfer is refused with the target's state and nothing
 *       changes. A target that may take it is held for the call ({@link AgentState#RESERVED}, shown as ringing):
 *       no other call is offered to it meanwhile.</li>
 *   <li>{@link #offer}: once the transferring agent's leg ended, the call comes back as a new request of the queue it
 *       was in, with its priority and skills, and is offered to the held target alone, skills aside (the agent
 *       chose the colleague). If the hold was lost meanwhile (the target signed out, its phone went away, the hold
 *       expired), the call simply joins its queue's line.</li>
 * </ol>
 * If the target does not answer, is busy or unreachable, the engine's usual failed offer applies: the call enters its
 * queue's line with its priority and skills, and the target gets the queue's no-answer pause. A hold whose call never
 * comes (the caller hung up in between, the agent's leg could not be ended) is given up by {@link #cancel} or, at
 * the latest, after {@link #HOLD_MILLIS} on the tick, and the target is ready again.
 *
 * <p>Touched only by the routing thread. Transfers are operator actions: a hold costs one small object, and the tick
 * allocates nothing while no hold is pending.
 */
final class NamedTransfers {

    /** The name decisions of transferred calls carry instead of a selection strategy. */
    static final String STRATEGY = "transfer";
    /** How long a target is held for a call whose transferring leg is still ending. */
    static final long HOLD_MILLIS = 10_000;

    /** A target held for a call until {@code untilMillis}. */
    private record Hold(String callId, long untilMillis) {
    }

    private final Queues queues;
    private final Roster roster;
    private final Skills skills;
    private final Dispatcher dispatcher;
    private final AgentHistory history;
    private final RoutingPort port;
    /** Holds by target agent id: an id survives a reconfiguration, a {@link RoutedAgent} does not. */
    private final Map<String, Hold> holds = new HashMap<>();

    NamedTransfers(Queues queues, Roster roster, Skills skills, Dispatcher dispatcher, AgentHistory history,
                   RoutingPort port) {
        this.queues = queues;
        this.roster = roster;
        this.skills = skills;
        this.dispatcher = dispatcher;
        this.history = history;
        this.port = port;
    }

    /**
     * Holds {@code agentId} for a transfer of {@code callId}: empty when held, else why the agent cannot take it,
     * naming the agent and its state.
     */
    Optional<String> reserve(String callId, String agentId, long nowMillis) {
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null) {
            return Optional.of("there is no agent " + agentId);
        }
        if (!agent.canTakeCall() || agent.call != null) {
            AgentActivity activity = AgentHistory.activity(agent);
            String reason = activity == AgentActivity.NOT_READY && agent.notReadyReason != null
                    ? " (" + agent.notReadyReason + ")" : "";
            return Optional.of("agent " + agentId + " cannot take a transfer: " + activity.dbValue() + reason);
        }
        agent.state = AgentState.RESERVED;
        holds.put(agentId, new Hold(callId, nowMillis + HOLD_MILLIS));
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        return Optional.empty();
    }

    /**
     * The transferred call {@code callId} comes back as a request of {@code queue}: it is offered to the agent held
     * for it. False, with nothing changed, when no hold of that agent for that call stands any more (the caller then
     * queues the call as usual) or the call cannot join the queue (unknown queue, call still owned).
     */
    boolean offer(String callId, String queue, int priority, Map<String, Integer> ownSkills, String agentId,
                  long nowMillis) {
        RoutedAgent agent = held(callId, agentId, nowMillis);
        if (agent == null) {
            return false;
        }
        holds.remove(agentId);
        if (queues.definition(queue) == null || queues.owns(callId)) {
            free(agent, nowMillis);
            return false;
        }
        WaitingCall call = queues.newCall().init(callId, queue, priority, nowMillis, queues.nextSequence(),
                skills.merged(queues.requirement(queue), ownSkills));
        call.ownSkills = Map.copyOf(ownSkills);
        queues.own(call);
        if (port.keepsPlaces()) {
            port.callPlaced(call.place());
        }
        dispatcher.offerTo(call, agent, STRATEGY, nowMillis);
        return true;
    }

    /** Gives up the hold of {@code agentId} for {@code callId}, if it still stands: the agent is ready again. */
    void cancel(String callId, String agentId, long nowMillis) {
        RoutedAgent agent = held(callId, agentId, nowMillis);
        if (agent != null) {
            holds.remove(agentId);
            free(agent, nowMillis);
        }
    }

    /** Gives up holds whose call did not come in time. */
    void expire(long nowMillis) {
        if (holds.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<String, Hold>> it = holds.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Hold> e = it.next();
            if (e.getValue().untilMillis() <= nowMillis) {
                it.remove();
                RoutedAgent agent = roster.agent(e.getKey());
                if (agent != null && agent.state == AgentState.RESERVED && agent.call == null) {
                    free(agent, nowMillis);
                }
            }
        }
    }

    /** Every agent's activity, in configuration order: who a call could be transferred to now. */
    Map<String, AgentActivity> activities() {
        Map<String, AgentActivity> activities = new LinkedHashMap<>();
        List<RoutedAgent> agents = roster.all();
        for (int i = 0; i < agents.size(); i++) {
            RoutedAgent a = agents.get(i);
            activities.put(a.definition.id(), AgentHistory.activity(a));
        }
        return activities;
    }

    /** The agent, if it is still held for this call (reserved, no call, its phone available); else null. */
    private RoutedAgent held(String callId, String agentId, long nowMillis) {
        Hold hold = holds.get(agentId);
        if (hold == null || !hold.callId().equals(callId)) {
            return null;
        }
        RoutedAgent agent = roster.agent(agentId);
        if (agent == null || agent.state != AgentState.RESERVED || agent.call != null) {
            // The agent changed state meanwhile (signed out, paused, removed): the hold is void.
            holds.remove(agentId);
            return null;
        }
        if (!agent.deviceAvailable) {
            // Its phone went away meanwhile: no ring, the call joins its line.
            holds.remove(agentId);
            free(agent, nowMillis);
            return null;
        }
        return agent;
    }

    /** Ends a hold that brought no call: the agent is ready again and takes the best waiting call. */
    private void free(RoutedAgent agent, long nowMillis) {
        agent.becomeReady(nowMillis);
        history.report(agent, AgentStateCause.SYSTEM, null, nowMillis);
        dispatcher.dispatchAgent(agent, nowMillis);
    }
}
