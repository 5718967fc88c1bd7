package org.acdserver.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The routing state machine: which waiting call goes to which ready agent.
 *
 * <p>It is single-threaded by design: exactly one thread (the {@link RoutingCore}'s consumer) calls it, so it takes
 * no locks. It does no I/O and never reads a clock; every method receives the event's time. The same sequence of
 * calls therefore yields the same decisions, which is what makes replay and property tests possible.
 *
 * <p>Algorithm: each queue keeps its waiting calls in a priority heap (priority first, then arrival order). When a
 * call arrives, the ready agents qualified for it with the lowest priority number in the queue (its first line) are
 * ordered by the queue's {@link SelectionStrategy} and the first is reserved for it. When an agent becomes free, it takes the
 * best call over all of its queues: highest priority, then the longest waiting. A call whose offer fails goes back
 * with its original place (its arrival sequence is kept), and an agent who let it ring out goes not ready for the
 * queue's pause. After a call an agent spends the queue's wrap-up time before taking the next. Calls that wait long
 * enough are escalated by their queue's rules (lower skill minimums, higher priority) on the tick, keeping their
 * arrival order. After every event the
 * engine is work-conserving: no ready agent and waiting call it could take
 * coexist.
 */
public final class RoutingEngine {

    /** Name of the default strategy in decisions. */
    public static final String LONGEST_IDLE = "longest-idle";

    private final RoutingPort port;
    private final Map<String, RoutedAgent> agents = new LinkedHashMap<>();
    private final Map<String, List<RoutedAgent>> agentsByQueue = new HashMap<>();
    private final Map<String, Line> waitingByQueue = new HashMap<>();
    private final Map<String, AgentSelector> selectors = new HashMap<>();
    /** Calls the engine still owns: waiting, offered or connected. */
    private final Map<String, WaitingCall> calls = new HashMap<>();
    private Map<String, QueueDefinition> queues = Map.of();
    /** Smoothed handle time (talk plus wrap-up) per queue, in milliseconds, and how many calls fed it. */
    private final Map<String, double[]> handleTimes = new HashMap<>();
    /** Callbacks not yet due (retry spacing, closed hours), by id; they enter their line on the tick when due. */
    private final Map<String, WaitingCall> scheduled = new LinkedHashMap<>();
    private long sequence;

    public RoutingEngine(RoutingConfiguration configuration, RoutingPort port, long nowMillis) {
        this.port = port;
        configure(configuration, nowMillis);
    }

    /**
     * Replaces queues and agents. Waiting calls keep their places; agents that remain keep their state; new agents
     * start ready. Calls waiting in a queue that no longer exists stay in line and are reported in the snapshot.
     */
    public void configure(RoutingConfiguration configuration, long nowMillis) {
        queues = configuration.queuesById();
        Map<String, RoutedAgent> previous = new HashMap<>(agents);
        agents.clear();
        agentsByQueue.clear();
        for (AgentDefinition def : configuration.agents()) {
            RoutedAgent old = previous.get(def.id());
            RoutedAgent agent = new RoutedAgent(def, nowMillis);
            if (old != null) {
                agent.state = old.state;
                agent.notReadyReason = old.notReadyReason;
                agent.idleSinceMillis = old.idleSinceMillis;
                agent.notReadyUntilMillis = old.notReadyUntilMillis;
                agent.call = old.call;
                agent.deviceAvailable = old.deviceAvailable;
                agent.callsTaken = old.callsTaken;
                agent.talkMillis = old.talkMillis;
                agent.answeredAtMillis = old.answeredAtMillis;
                agent.wrapUpUntilMillis = old.wrapUpUntilMillis;
            }
            agents.put(def.id(), agent);
            for (String q : def.queues()) {
                agentsByQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(agent);
            }
        }
        selectors.clear();
        for (QueueDefinition q : configuration.queues()) {
            waitingByQueue.computeIfAbsent(q.id(), k -> new Line());
            List<String> members = agentsByQueue.getOrDefault(q.id(), List.of()).stream()
                    .map(a -> a.definition.id()).toList();
            selectors.put(q.id(), AgentSelector.of(q.strategy(), q.randomSeed(), members));
        }
        dispatchAll(nowMillis);
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
        QueueDefinition q = queues.get(queue);
        if (q == null || calls.containsKey(callId)) {
            return false;
        }
        Map<String, Integer> required = q.requiredSkills();
        if (!skills.isEmpty()) {
            required = new HashMap<>(required);
            for (Map.Entry<String, Integer> s : skills.entrySet()) {
                required.merge(s.getKey(), s.getValue(), Math::max);
            }
        }
        WaitingCall call = new WaitingCall(callId, queue, priority, nowMillis, ++sequence, required);
        call.ownSkills = Map.copyOf(skills);
        calls.put(callId, call);
        waitingByQueue.get(queue).add(call);
        dispatchQueue(queue, nowMillis);
        if (q.maxLength() > 0 && waitingByQueue.get(queue).size() > q.maxLength()
                && waitingByQueue.get(queue).contains(call)) {
            overflow(call, "full", nowMillis);
        }
        return true;
    }

    /** The caller hung up: the call leaves the line, and an agent reserved or talking to it is freed. */
    public void callerHungUp(String callId, long nowMillis) {
        WaitingCall call = calls.remove(callId);
        if (call == null) {
            return;
        }
        scheduled.remove(callId);
        Line line = waitingByQueue.get(call.queue);
        if (line != null) {
            line.remove(call);
        }
        RoutedAgent agent = agentHolding(call);
        port.callLeft(callId, agent != null && agent.state == AgentState.ON_CALL ? CallEnding.ANSWERED
                : CallEnding.ABANDONED);
        if (agent != null) {
            if (agent.state == AgentState.ON_CALL) {
                finishCall(agent, call, nowMillis);
            } else {
                makeReady(agent, nowMillis);
                dispatchAgent(agent, nowMillis);
            }
        }
    }

    /** The agent leg answered: the agent is now on the call. */
    public void offerAnswered(String callId, String agentId, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        WaitingCall call = calls.get(callId);
        if (agent == null || call == null || agent.call != call) {
            return;
        }
        agent.state = AgentState.ON_CALL;
        agent.answeredAtMillis = nowMillis;
        agent.callsTaken++;
    }

    /**
     * The offer did not connect. The call goes back to its place in line. If the agent's phone rang out or was busy,
     * the agent goes not ready for the queue's pause; if the caller vanished, the agent is simply freed.
     */
    public void offerFailed(String callId, String agentId, OfferFailure failure, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        WaitingCall call = calls.get(callId);
        if (agent == null || call == null || agent.call != call) {
            return;
        }
        agent.call = null;
        if (failure == OfferFailure.CALLER_GONE) {
            makeReady(agent, nowMillis);
        } else {
            QueueDefinition q = queues.get(call.queue);
            agent.state = AgentState.NOT_READY;
            agent.notReadyReason = failure.reason();
            int pause = q == null ? 0 : q.noAnswerPauseSeconds();
            agent.notReadyUntilMillis = pause == 0 ? 0 : nowMillis + pause * 1000L;
        }
        if (failure == OfferFailure.CALLER_GONE) {
            calls.remove(callId);
            port.callLeft(callId, CallEnding.ABANDONED);
        } else {
            waitingByQueue.get(call.queue).add(call);
        }
        dispatchAll(nowMillis);
    }

    /**
     * The connected call ended (agent leg hung up): the agent is free again. Its device counts as free too: the busy
     * state it reported was this call's, and a missed "not in use" must not strand the agent.
     */
    public void callEnded(String callId, long nowMillis) {
        WaitingCall call = calls.remove(callId);
        if (call == null) {
            return;
        }
        Line line = waitingByQueue.get(call.queue);
        if (line != null) {
            line.remove(call);
        }
        RoutedAgent agent = agentHolding(call);
        port.callLeft(callId, agent != null && agent.state == AgentState.ON_CALL ? CallEnding.ANSWERED
                : CallEnding.ABANDONED);
        if (agent != null) {
            agent.deviceAvailable = true;
            finishCall(agent, call, nowMillis);
        }
    }

    /** Adds the talk time, then wrap-up for the queue's time, or straight back to ready. */
    private void finishCall(RoutedAgent agent, WaitingCall call, long nowMillis) {
        QueueDefinition q = queues.get(call.queue);
        int wrapUp = q == null ? 0 : q.wrapUpSeconds();
        if (agent.state == AgentState.ON_CALL) {
            long talk = Math.max(0, nowMillis - agent.answeredAtMillis);
            agent.talkMillis += talk;
            observeHandleTime(call.queue, talk + wrapUp * 1000L);
        }
        if (wrapUp > 0) {
            agent.state = AgentState.WRAP_UP;
            agent.call = null;
            agent.wrapUpUntilMillis = nowMillis + wrapUp * 1000L;
            return;
        }
        makeReady(agent, nowMillis);
        dispatchAgent(agent, nowMillis);
    }

    // ---- callbacks ----------------------------------------------------------------------------------------------

    /**
     * Takes a waiting call out of line while its caller decides on a callback, keeping its place. An agent already
     * reserved for it is freed (its phone was not rung yet: the gateway rings only for calls still waiting).
     * Returns false for a call that is not waiting (unknown, or already talking).
     */
    public boolean callHeld(String callId, long nowMillis) {
        WaitingCall call = calls.get(callId);
        if (call == null || call.held || call.callback) {
            return false;
        }
        RoutedAgent agent = agentHolding(call);
        if (agent != null && agent.state == AgentState.ON_CALL) {
            return false;
        }
        waitingByQueue.get(call.queue).remove(call);
        call.held = true;
        if (agent != null) {
            agent.call = null;
            makeReady(agent, nowMillis);
            dispatchAgent(agent, nowMillis);
        }
        return true;
    }

    /** The caller did not take a callback after all (declined, or it could not be stored): back to its place. */
    public void callResumed(String callId, long nowMillis) {
        WaitingCall call = calls.get(callId);
        if (call == null || !call.held) {
            return;
        }
        call.held = false;
        waitingByQueue.get(call.queue).add(call);
        dispatchQueue(call.queue, nowMillis);
    }

    /**
     * A callback joins its queue as a virtual caller. Taking over a held call, it keeps that call's place, priority,
     * skills and escalation; otherwise (reloaded at start-up) it gets a place after everything already in line, with
     * the original enqueue time for escalation. Returns false for an unknown queue or an id already in use.
     */
    public boolean callbackQueued(CallbackRequest request, long nowMillis) {
        QueueDefinition q = queues.get(request.queue());
        if (q == null || calls.containsKey(request.callbackId())) {
            return false;
        }
        WaitingCall original = request.originalCallId() == null ? null : calls.get(request.originalCallId());
        WaitingCall cb;
        if (original != null && original.held) {
            calls.remove(original.callId);
            port.callLeft(original.callId, CallEnding.CALLBACK);
            cb = new WaitingCall(request.callbackId(), original.queue, original.priority, original.enqueuedAtMillis,
                    original.sequence, original.requiredSkills);
            cb.ownSkills = original.ownSkills;
            cb.escalationSteps = original.escalationSteps;
            cb.history = original.history;
        } else {
            Map<String, Integer> required = new HashMap<>(q.requiredSkills());
            request.skills().forEach((k, v) -> required.merge(k, v, Math::max));
            cb = new WaitingCall(request.callbackId(), request.queue(), request.priority(),
                    request.enqueuedAtMillis(), ++sequence, Map.copyOf(required));
            cb.ownSkills = request.skills();
        }
        cb.callback = true;
        cb.notBeforeMillis = request.notBeforeMillis();
        calls.put(cb.callId, cb);
        enterLineOrSchedule(cb, nowMillis);
        return true;
    }

    /**
     * A dial of the customer did not connect (busy, no answer, unreachable). The reserved agent is freed at once,
     * without wrap-up; the callback waits for {@code retryAtMillis} at its place, or, with 0, is over.
     */
    public void callbackAttemptFailed(String callbackId, String agentId, long retryAtMillis, long nowMillis) {
        WaitingCall cb = calls.get(callbackId);
        RoutedAgent agent = agents.get(agentId);
        if (cb == null || !cb.callback || agent == null || agent.call != cb) {
            return;
        }
        makeReady(agent, nowMillis);
        if (retryAtMillis > 0) {
            cb.notBeforeMillis = retryAtMillis;
            enterLineOrSchedule(cb, nowMillis);
        } else {
            calls.remove(callbackId);
            port.callLeft(callbackId, CallEnding.CALLBACK_FAILED);
        }
        dispatchAll(nowMillis);
    }

    /**
     * A pending callback is to be dialed not before {@code notBeforeMillis} (0: as soon as possible). Returns false
     * if it is unknown or already being dialed.
     */
    public boolean callbackRescheduled(String callbackId, long notBeforeMillis, long nowMillis) {
        WaitingCall cb = calls.get(callbackId);
        if (cb == null || !cb.callback || agentHolding(cb) != null) {
            return false;
        }
        waitingByQueue.get(cb.queue).remove(cb);
        scheduled.remove(callbackId);
        cb.notBeforeMillis = notBeforeMillis;
        enterLineOrSchedule(cb, nowMillis);
        return true;
    }

    /**
     * A pending callback was cancelled: it leaves the line. Returns false if it is unknown or already being dialed
     * (that dial's outcome ends it).
     */
    public boolean callbackCancelled(String callbackId, long nowMillis) {
        WaitingCall cb = calls.get(callbackId);
        if (cb == null || !cb.callback || agentHolding(cb) != null) {
            return false;
        }
        calls.remove(callbackId);
        scheduled.remove(callbackId);
        Line line = waitingByQueue.get(cb.queue);
        if (line != null) {
            line.remove(cb);
        }
        port.callLeft(callbackId, CallEnding.CANCELLED);
        return true;
    }

    private void enterLineOrSchedule(WaitingCall cb, long nowMillis) {
        Line line = waitingByQueue.get(cb.queue);
        if (cb.notBeforeMillis > nowMillis || line == null) {
            scheduled.put(cb.callId, cb);
            return;
        }
        cb.notBeforeMillis = 0;
        line.add(cb);
        dispatchQueue(cb.queue, nowMillis);
    }

    /** Callbacks whose time came enter their lines, at the place their arrival order gives them. */
    private void releaseDueCallbacks(long nowMillis) {
        if (scheduled.isEmpty()) {
            return;
        }
        List<WaitingCall> due = new ArrayList<>();
        for (WaitingCall cb : scheduled.values()) {
            if (cb.notBeforeMillis <= nowMillis && waitingByQueue.containsKey(cb.queue)) {
                due.add(cb);
            }
        }
        for (WaitingCall cb : due) {
            scheduled.remove(cb.callId);
            cb.notBeforeMillis = 0;
            waitingByQueue.get(cb.queue).add(cb);
        }
        for (WaitingCall cb : due) {
            dispatchQueue(cb.queue, nowMillis);
        }
    }

    /** The ids of callbacks waiting for their time, for snapshots. */
    private List<String> scheduledIds() {
        return List.copyOf(scheduled.keySet());
    }

    /** The agent made itself ready (or the pause after a ring-no-answer was lifted). */
    public void agentReady(String agentId, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        if (agent == null || agent.call != null || agent.state == AgentState.READY) {
            return;
        }
        makeReady(agent, nowMillis);
        dispatchAgent(agent, nowMillis);
    }

    /**
     * The agent signed out. Only an agent without a call can sign out; returns false otherwise, so the phone can say
     * so.
     */
    public boolean agentLoggedOut(String agentId, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        if (agent == null || agent.call != null) {
            return false;
        }
        agent.state = AgentState.LOGGED_OUT;
        agent.notReadyReason = null;
        agent.notReadyUntilMillis = 0;
        return true;
    }

    /** The agent made itself not ready; an agent on a call goes not ready when the call ends. */
    public void agentNotReady(String agentId, String reason, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        if (agent == null || agent.call != null) {
            return;
        }
        agent.state = AgentState.NOT_READY;
        agent.notReadyReason = reason;
        agent.notReadyUntilMillis = 0;
    }

    /** The agent's device became busy or unreachable (false), or free again (true). */
    public void deviceAvailability(String agentId, boolean available, long nowMillis) {
        RoutedAgent agent = agents.get(agentId);
        if (agent == null || agent.deviceAvailable == available) {
            return;
        }
        agent.deviceAvailable = available;
        if (available) {
            dispatchAgent(agent, nowMillis);
        }
    }

    /** Time passed: escalates and overflows calls that have waited long enough, ends wrap-ups and pauses. */
    public void tick(long nowMillis) {
        releaseDueCallbacks(nowMillis);
        escalate(nowMillis);
        overflowLongWaits(nowMillis);
        for (RoutedAgent agent : agents.values()) {
            boolean pauseOver = agent.state == AgentState.NOT_READY && agent.notReadyUntilMillis != 0
                    && agent.notReadyUntilMillis <= nowMillis;
            boolean wrapUpOver = agent.state == AgentState.WRAP_UP && agent.wrapUpUntilMillis <= nowMillis;
            if (pauseOver || wrapUpOver) {
                makeReady(agent, nowMillis);
                dispatchAgent(agent, nowMillis);
            }
        }
    }

    private void overflowLongWaits(long nowMillis) {
        for (QueueDefinition q : List.copyOf(queues.values())) {
            Line line = waitingByQueue.get(q.id());
            if (q.maxWaitSeconds() == 0 || line == null || line.isEmpty()) {
                continue;
            }
            for (WaitingCall call : line.ordered()) {
                // A callback has no caller on the line to send on; it keeps waiting.
                if (!call.callback && nowMillis - call.enqueuedAtMillis >= q.maxWaitSeconds() * 1000L) {
                    overflow(call, "max-wait", nowMillis);
                }
            }
        }
    }

    /**
     * Takes a waiting call out of its line: into the overflow queue, keeping its arrival order and enqueue time, or,
     * without one, back to its flow. A call moves on at most once per queue it visits, so overflow chains end.
     */
    private void overflow(WaitingCall call, String reason, long nowMillis) {
        Line line = waitingByQueue.get(call.queue);
        line.remove(call);
        QueueDefinition q = queues.get(call.queue);
        String next = q == null ? null : q.overflowQueue();
        if (next != null && queues.containsKey(next) && !call.visited(next)) {
            WaitingCall moved = call.movedTo(next, queues.get(next).requiredSkills());
            calls.put(moved.callId, moved);
            waitingByQueue.get(next).add(moved);
            dispatchQueue(next, nowMillis);
            return;
        }
        calls.remove(call.callId);
        port.callLeft(call.callId, CallEnding.OVERFLOWED);
        port.overflowed(call.callId, call.queue, reason);
    }

    /** Applies the escalation steps calls have waited long enough for, then offers what became routable. */
    private void escalate(long nowMillis) {
        for (QueueDefinition q : queues.values()) {
            List<EscalationRule> rules = q.escalation();
            Line line = waitingByQueue.get(q.id());
            if (rules.isEmpty() || line == null || line.isEmpty()) {
                continue;
            }
            List<WaitingCall> due = new ArrayList<>();
            for (WaitingCall call : line.ordered()) {
                if (call.escalationSteps < rules.size()
                        && nowMillis - call.enqueuedAtMillis >= rules.get(call.escalationSteps).afterSeconds() * 1000L) {
                    due.add(call);
                }
            }
            if (due.isEmpty()) {
                continue;
            }
            for (WaitingCall call : due) {
                // Out of the ordered line while its priority changes; its arrival order is untouched.
                line.remove(call);
                while (call.escalationSteps < rules.size() && nowMillis - call.enqueuedAtMillis
                        >= rules.get(call.escalationSteps).afterSeconds() * 1000L) {
                    EscalationRule rule = rules.get(call.escalationSteps++);
                    call.priority += rule.raisePriorityBy();
                    if (!rule.lowerSkillsTo().isEmpty()) {
                        Map<String, Integer> lowered = new HashMap<>(call.requiredSkills);
                        rule.lowerSkillsTo().forEach((skill, level) -> lowered.computeIfPresent(skill,
                                (k, current) -> Math.min(current, level)));
                        call.requiredSkills = lowered;
                    }
                }
                line.add(call);
            }
            dispatchQueue(q.id(), nowMillis);
        }
    }

    /** Calls whose handle time a queue must have measured before its estimates use them. */
    static final int OBSERVED_MINIMUM = 5;

    private void observeHandleTime(String queue, long millis) {
        double[] h = handleTimes.computeIfAbsent(queue, k -> new double[2]);
        // An exponential moving average that starts as a plain mean, so early calls count fully, then weighs about
        // the last hundred calls: handle times are so spread out that a shorter window mostly follows the noise.
        double weight = Math.max(0.01, 1.0 / (h[1] + 1));
        h[0] += weight * (millis - h[0]);
        h[1]++;
    }

    /**
     * Position and expected wait of a waiting call, or null if the call is not waiting.
     *
     * <p>Method: with every qualified agent busy, the call at position {@code k} is served at the {@code k}-th
     * completion among the queue's {@code N} staffed agents (ready, reserved, on a call or in wrap-up). Handle times
     * being roughly memoryless, completions come at a rate of {@code N / AHT}, so the wait is Erlang-distributed with
     * shape {@code k} and mean {@code k x AHT / N}. The estimate is that distribution's median, about
     * {@code (k - 1/3) x AHT / N}: the median is what minimizes the absolute error a caller experiences, and for the
     * first caller in line it does not promise a full handle time. AHT is the queue's smoothed measured handle time
     * (talk plus wrap-up) once {@value #OBSERVED_MINIMUM} calls were measured, and its configured default handle time
     * before that. With no agent staffed the wait is unbounded.
     *
     * <p>Caveat: the spread of an Erlang wait is {@code 1/sqrt(k)} of its mean, so no estimate from position alone can
     * be much closer than about 0.67/sqrt(k) for a typical call; {@code WaitEstimateSimulationTest} compares ours with
     * an oracle that knows the true handle time.
     */
    public WaitEstimate estimate(String callId) {
        WaitingCall call = calls.get(callId);
        Line line = call == null ? null : waitingByQueue.get(call.queue);
        if (line == null || !line.contains(call)) {
            return null;
        }
        int position = line.ahead(call) + 1;
        int staffed = 0;
        for (RoutedAgent a : agentsByQueue.getOrDefault(call.queue, List.of())) {
            if (a.state != AgentState.LOGGED_OUT && a.state != AgentState.NOT_READY && a.qualifiesFor(call)) {
                staffed++;
            }
        }
        if (staffed == 0) {
            return new WaitEstimate(position, Double.POSITIVE_INFINITY, "no-agents");
        }
        double[] h = handleTimes.get(call.queue);
        boolean observed = h != null && h[1] >= OBSERVED_MINIMUM;
        QueueDefinition q = queues.get(call.queue);
        double ahtSeconds = observed ? h[0] / 1000.0 : q == null ? 180 : q.defaultHandleSeconds();
        return new WaitEstimate(position, (position - 1.0 / 3) * ahtSeconds / staffed, observed ? "observed" : "default");
    }

    /** Whether the agent's device is free as far as the engine knows (false for unknown agents). */
    public boolean deviceAvailable(String agentId) {
        RoutedAgent agent = agents.get(agentId);
        return agent != null && agent.deviceAvailable;
    }

    /** A consistent copy of the state, for tests, metrics and operators. */
    public RoutingSnapshot snapshot() {
        Map<String, RoutingSnapshot.AgentView> agentViews = new LinkedHashMap<>();
        for (RoutedAgent a : agents.values()) {
            agentViews.put(a.definition.id(), new RoutingSnapshot.AgentView(a.definition.id(), a.state,
                    a.call == null ? null : a.call.callId, a.notReadyReason, a.callsTaken));
        }
        Map<String, List<String>> waiting = new LinkedHashMap<>();
        waitingByQueue.forEach((q, line) -> {
            waiting.put(q, line.ordered().stream().map(c -> c.callId).toList());
        });
        return new RoutingSnapshot(agentViews, waiting, scheduledIds());
    }

    private void makeReady(RoutedAgent agent, long nowMillis) {
        agent.state = AgentState.READY;
        agent.call = null;
        agent.notReadyReason = null;
        agent.notReadyUntilMillis = 0;
        agent.idleSinceMillis = nowMillis;
    }

    private RoutedAgent agentHolding(WaitingCall call) {
        for (RoutedAgent agent : agentsByQueue.getOrDefault(call.queue, List.of())) {
            if (agent.call == call) {
                return agent;
            }
        }
        // The agent may have left the queue by a reconfiguration while holding the call.
        for (RoutedAgent agent : agents.values()) {
            if (agent.call == call) {
                return agent;
            }
        }
        return null;
    }

    private void dispatchAll(long nowMillis) {
        for (String q : waitingByQueue.keySet()) {
            dispatchQueue(q, nowMillis);
        }
    }

    /**
     * Offers the queue's calls, best first, to its ready agents while both remain: each call goes to the best of the
     * ready agents qualified for it, and a call nobody ready qualifies for does not hold up the calls behind it.
     */
    private void dispatchQueue(String queue, long nowMillis) {
        Line line = waitingByQueue.get(queue);
        if (line == null || line.isEmpty()) {
            return;
        }
        List<RoutedAgent> ready = new ArrayList<>();
        for (RoutedAgent a : agentsByQueue.getOrDefault(queue, List.of())) {
            if (a.canTakeCall()) {
                ready.add(a);
            }
        }
        while (!ready.isEmpty()) {
            WaitingCall call = line.best(c -> anyQualified(ready, c));
            if (call == null) {
                return;
            }
            // Only the first line among the ready qualified agents competes: lower queue priority numbers first.
            List<RoutedAgent> qualified = new ArrayList<>(ready.size());
            int firstLine = Integer.MAX_VALUE;
            for (RoutedAgent a : ready) {
                if (a.qualifiesFor(call)) {
                    int level = a.definition.queuePriority(queue);
                    if (level < firstLine) {
                        firstLine = level;
                        qualified.clear();
                    }
                    if (level == firstLine) {
                        qualified.add(a);
                    }
                }
            }
            AgentSelector selector = selectors.get(queue);
            if (selector != null && qualified.size() > 1) {
                selector.order(qualified, call);
            }
            line.remove(call);
            ready.remove(qualified.get(0));
            offer(call, qualified, nowMillis);
        }
    }

    private static boolean anyQualified(List<RoutedAgent> agents, WaitingCall call) {
        for (RoutedAgent a : agents) {
            if (a.qualifiesFor(call)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a freed agent the best call it qualifies for over all its queues: highest priority, then longest waiting. */
    private void dispatchAgent(RoutedAgent agent, long nowMillis) {
        if (!agent.canTakeCall()) {
            return;
        }
        WaitingCall best = null;
        for (String q : agent.definition.queues()) {
            Line line = waitingByQueue.get(q);
            WaitingCall candidate = line == null ? null : line.best(agent::qualifiesFor);
            if (candidate != null && (best == null || candidate.compareTo(best) < 0)) {
                best = candidate;
            }
        }
        if (best != null) {
            waitingByQueue.get(best.queue).remove(best);
            offer(best, List.of(agent), nowMillis);
        }
    }

    private void offer(WaitingCall call, List<RoutedAgent> candidates, long nowMillis) {
        RoutedAgent chosen = candidates.get(0);
        AgentSelector selector = selectors.get(call.queue);
        if (selector != null) {
            selector.chosen(chosen);
        }
        chosen.state = AgentState.RESERVED;
        chosen.call = call;
        call.offers++;
        QueueDefinition q = queues.get(call.queue);
        long waited = nowMillis - call.enqueuedAtMillis;
        RoutingDecision decision = new RoutingDecision(call.callId, call.queue, chosen.definition.id(),
                chosen.definition.endpoint(), q == null ? 15 : q.ringTimeoutSeconds(),
                selector == null ? LONGEST_IDLE : selector.strategy().configName(),
                candidates.stream().map(a -> a.definition.id()).toList(), waited, call.offers, call.priority,
                call.requiredSkills, call.escalationSteps);
        if (call.callback) {
            port.dialCallback(decision);
        } else {
            port.offer(decision);
        }
    }
}
