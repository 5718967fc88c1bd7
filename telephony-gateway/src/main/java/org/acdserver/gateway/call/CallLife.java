package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.CallerHungUpException;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.call.CallTransitions.Action;
import org.acdserver.gateway.call.CallTransitions.Transition;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.gateway.callback.CallbackStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's life as a state machine: every event, from the flow, the routing core, the manager connection or the
 * call's own AGI replies, goes through {@link CallTransitions}, which names the next {@link CallState} and the action;
 * this class performs the actions. An event the table does not expect in the current state is logged, counted in
 * {@code acd.calls.unexpected.events} and ignored.
 *
 * <p>All state is touched only on the AGI session's event loop; calls from the routing thread and the manager
 * connection hop onto it. While queued the caller holds ({@link QueueHold}); an offer rings the agent at once
 * ({@link AgentLeg}), whose answer and end {@link AnsweredLeg} keeps; the callback key starts the
 * {@link CallbackDialog}; the {@link CallRecord} fills in on the way.
 */
final class CallLife implements QueuedCall {

    private static final Logger LOG = LoggerFactory.getLogger(CallLife.class);

    private final AgiSession session;
    private final Executor loop;
    private final AgiPrompter prompter;
    private final CallRouting routing;
    private final CallRegistry registry;
    private final CallMetrics metrics;
    private final CallbackIntake callbacks;
    private final Clock clock;
    private final String defaultMusic;
    /** The pause before the session goes on after an agent's leg (see {@link AgentLeg}). */
    private final Duration legEndPause;
    private final String callId;
    /** The record of the call's current leg (a transfer from the desktop starts another). */
    private CallRecord record;
    private final QueueHold hold;
    private final CallbackDialog dialog;
    /** Hold, resume and hang-up from the agent's desktop while the agent talks. */
    private final Conversation conversation;

    private CallState state = CallState.IN_IVR;
    /** Counts state changes: what the call does while in a state (hold, offers) stops once the state is left. */
    private int visit;
    private CompletableFuture<QueueResult> queueResult;
    /** Written on the event loop before the call is put in the registry; read by other threads after that. */
    private volatile String queue;
    private volatile Instant queuedAt;
    private volatile QueueRequest queueRequest;
    private RoutingDecision offer;
    /** The agent's leg: its answer, and the end of the conversation. */
    private final AnsweredLeg leg;
    private volatile long queuedAtNanos;
    /** Starts the hold once the core said the call waits and the entry is over. */
    private final HoldGate holdGate = new HoldGate(this::startHold);
    /** False once a full queue turned the call away: a declined callback then has no place in line to go back to. */
    private boolean inLine = true;
    private boolean hangupDuringCommit;
    /** The server shuts down: the call is handed back as soon as it is not talking to an agent. */
    private boolean handBackAsked;
    /** Completes when the call's record is written. */
    private final CompletableFuture<Void> recorded = new CompletableFuture<>();
    /** Completes, once a shutdown asked, when the hand-back has run and the call is recorded, or talks to an agent. */
    private final CompletableFuture<Void> settledForShutdown = new CompletableFuture<>();
    /** The shutdown's hand-back of this call, until Asterisk has run it (done when none was asked). */
    private CompletableFuture<Boolean> handedBack = CompletableFuture.completedFuture(false);

    CallLife(AgiSession session, AgiPrompter prompter, CallServices services) {
        this.session = session;
        this.loop = session.eventLoop();
        this.prompter = prompter;
        this.routing = services.routing();
        this.registry = services.registry();
        this.metrics = services.metrics();
        this.callbacks = services.callbacks();
        this.clock = services.clock();
        this.defaultMusic = services.musicClass();
        this.legEndPause = services.legEndPause();
        this.callId = session.request().uniqueId();
        this.record = new CallRecord(callId, session.request().callerIdNum(), clock.instant(), metrics,
                services.recorder());
        this.hold = new QueueHold(prompter, routing, metrics, clock, loop, callId);
        this.dialog = new CallbackDialog(prompter, callbacks, routing, clock, loop, callId,
                session.request().callerIdNum());
        this.conversation = new Conversation(prompter, services.channels(), clock, loop, callId);
        this.leg = new AnsweredLeg(routing, conversation, metrics, clock, callId);
        session.hangup().whenComplete((x, err) -> loop.execute(this::callerGone));
    }

    @Override public String callId() { return callId; }
    @Override public long queuedAtNanos() { return queuedAtNanos; }
    @Override public String callerNumber() { return session.request().callerIdNum(); }
    @Override public String queue() { return queue; }
    @Override public Instant queuedAt() { return queuedAt; }
    @Override public QueueRequest queueRequest() { return queueRequest; }

    /** The agent's control of the call while connected. */
    Conversation conversation() { return conversation; }
    /** The state now; read it on the event loop. */
    CallState state() { return state; }

    // ---- events from other threads: each hops onto the event loop -------------------------------------------------

    @Override
    public void connect(RoutingDecision decision) {
        connect(decision, 0);
    }

    @Override
    public void connect(RoutingDecision decision, long eventNanos) {
        loop.execute(() -> {
            if (session.hungUp()) {
                // The hang-up is news to the call before the offer: the offer then finds the caller gone.
                callerGone();
            }
            on(CallEvent.OFFER, a -> {
                if (a == Action.RING) {
                    ring(decision);
                    if (eventNanos != 0) {
                        // The agent's Dial is with the caller's AGI connection now (written, unless the wait is
                        // younger than the interrupt guard).
                        metrics.offerLatency(System.nanoTime() - eventNanos);
                    }
                } else {
                    routing.offerFailed(decision.callId(), decision.agentId(), OfferFailure.CALLER_GONE);
                }
            });
        });
    }

    @Override public void waiting() { loop.execute(() -> on(CallEvent.WAITING, this::perform)); }

    @Override public void agentAnswered(long asteriskMicros) { agentAnswered(asteriskMicros, null); }

    @Override
    public void agentAnswered(long asteriskMicros, String agentChannel) {
        loop.execute(() -> on(CallEvent.AGENT_ANSWERED, a -> leg.answered(record, asteriskMicros, agentChannel,
                musicClass())));
    }

    @Override
    public void agentLegEnded(String agentChannel, long asteriskMicros) {
        // The next caller's offer waits for the agent's freedom, not for this call's event loop.
        try {
            leg.hungUpNow(agentChannel);
        } catch (RuntimeException e) {
            // The manager's thread must go on, and the call's own end below still frees the agent.
            LOG.warn("call {}: freeing the agent on the manager's word failed; the call's loop frees it", callId, e);
        }
        loop.execute(() -> on(CallEvent.AGENT_HUNG_UP, a -> leg.hungUp(record, agentChannel, asteriskMicros)));
    }

    @Override
    public void bridged(long asteriskMicros) {
        loop.execute(() -> on(CallEvent.BRIDGE_ENTERED, a -> leg.bridged(asteriskMicros)));
    }

    @Override public void channelHungUp() { loop.execute(this::callerGone); }

    @Override public void routingFailed() { loop.execute(() -> on(CallEvent.ROUTING_FAILED, this::perform)); }

    @Override
    public void leftUnserved(String reason) {
        loop.execute(() -> on("full".equals(reason) && callbacks.offersWhenFull(queue) ? CallEvent.QUEUE_FULL
                : CallEvent.LEFT_UNSERVED, this::perform));
    }

    /**
     * The server shuts down: a caller not talking to an agent is handed back to the dialplan, which sends them to
     * its fallback; one whose agent's phone rings is handed back if the agent does not take the call; one talking to
     * an agent is left alone (Asterisk keeps the bridge). Completes once the call is handed back and its record
     * written, or once it talks to an agent. Any thread.
     */
    CompletableFuture<Void> shutdown() {
        loop.execute(() -> {
            handBackAsked = true;
            on(CallEvent.SHUTDOWN, this::perform);
            if (state == CallState.BRIDGED) {
                settledForShutdown.complete(null);
            }
        });
        return settledForShutdown;
    }

    /** Completes when the call's one record is written (handed to the recorder). */
    CompletableFuture<Void> recorded() {
        return recorded;
    }

    // ---- events on the event loop -----------------------------------------------------------------------------------

    /** The flow's queue step. */
    CompletionStage<QueueResult> queue(QueueRequest request) {
        CompletableFuture<QueueResult> result = new CompletableFuture<>();
        on(CallEvent.QUEUE, a -> enqueue(request, result));
        if (queueResult != result) {
            result.completeExceptionally(new IllegalStateException("call " + callId + " cannot join queue "
                    + request.queue() + " while " + state));
        }
        return result;
    }

    /** The flow ended: writes the call's one record (later calls do nothing). */
    void finish(FlowOutcome outcome) {
        on(CallEvent.FINISH, a -> {
            try {
                perform(a);
            } finally {
                record.write(outcome, clock.instant());
                recorded.complete(null);
                handedBack.whenComplete((ran, err) -> settledForShutdown.complete(null));
            }
        });
    }

    private void callerGone() {
        on(CallEvent.CALLER_GONE, this::perform);
    }

    /** No callback after all: back to the call's place in line, if it has one and the caller is still there. */
    private void declined() {
        CallEvent event = session.hungUp() ? CallEvent.CALLER_GONE
                : inLine ? CallEvent.BACK_IN_LINE : CallEvent.NO_PLACE;
        on(event, this::perform);
    }

    /**
     * Moves the call by the table and runs the action. An action that fails is logged with the call, and the call
     * stays in the state it moved to: one broken step must not take the event loop down.
     */
    private void on(CallEvent event, Consumer<Action> action) {
        CallState from = state;
        Transition t = CallTransitions.find(from, event);
        if (t == null) {
            LOG.warn("call {}: unexpected {} while {}; ignored", callId, event, from);
            metrics.unexpectedEvent(from, event);
            return;
        }
        if (t.to() != from) {
            state = t.to();
            visit++;
            if (handBackAsked && state == CallState.BRIDGED) {
                // The agent took the call while the server shuts down: it talks on, untouched.
                settledForShutdown.complete(null);
            }
        }
        if (t.action() == Action.NONE) {
            return;
        }
        try {
            action.accept(t.action());
        } catch (RuntimeException e) {
            LOG.error("call {}: {} on {} while {} failed", callId, t.action(), event, from, e);
        }
    }

    /** The actions that need nothing but the call itself. */
    private void perform(Action action) {
        switch (action) {
            case ABANDON, ABANDON_AND_RECORD -> abandon();
            case LEG_DONE, LEG_DONE_AND_RECORD -> legDone();
            case TRANSFER -> transfer(conversation.takeTransfer());
            case LEAVE_UNSERVED -> {
                LOG.info("call {}: left queue {} unserved; going on with the flow", callId, queue);
                // Interrupt the hold first: once the flow queues its next command, the wait can no longer be cut.
                prompter.interruptWith("SET MUSIC off");
                leave(QueueResult.NOT_SERVED);
            }
            case OFFER_TURNED_AWAY -> offerTurnedAway();
            case START_DIALOG -> {
                dialog.asked();
                routing.callHeld(callId);
                ask(true);
            }
            case RESUME -> {
                holdGate.backInLine();
                routing.callResumed(callId);
            }
            case HOLD -> holdGate.waiting(visit, state == CallState.QUEUED);
            case LEAVE_NO_PLACE -> leave(QueueResult.NOT_SERVED);
            case REMEMBER_HANGUP -> hangupDuringCommit = true;
            case HAND_BACK -> handedBack = HandBack.of(session, record, callId);
            case HAND_BACK_FROM_QUEUE -> {
                // The hand-back first, so that it cuts the hold's running wait before the hold could go on.
                handedBack = HandBack.of(session, record, callId);
                abandon();
            }
            case RECORD, NONE, HAND_BACK_IF_NOT_TAKEN -> {
            }
            default -> throw new IllegalStateException("action " + action + " needs the event's data");
        }
    }

    // ---- queue life ---------------------------------------------------------------------------------------------

    private void enqueue(QueueRequest request, CompletableFuture<QueueResult> result) {
        join(request, clock.instant());
        queueResult = result;
        inLine = true;
        registry.add(this);
        metrics.callsQueued.increment();
        holdGate.entered();
        routing.callQueued(callId, queue, request.priority(), request.skills(), request.step());
        int v = visit;
        dialog.offerOnEntry(queue, request, () -> visit == v).whenComplete((took, err) -> {
            if (err != null) {
                callerGone();
            } else if (visit == v && took) {
                on(CallEvent.CALLBACK_KEY, this::perform);
            } else if (visit == v) {
                holdGate.entryDone(visit, state == CallState.QUEUED);
            }
        });
    }

    private void join(QueueRequest request, Instant now) {
        queue = request.queue();
        queueRequest = request;
        record.queued(queue, now);
        queuedAt = now;
        queuedAtNanos = System.nanoTime();
        hold.announce(request.announceEvery(), now);
    }

    private void startHold() {
        int v = visit;
        hold.hold(musicClass(), () -> dialog.key(queue, queueRequest), () -> visit == v).whenComplete((end, err) -> {
            if (err != null) {
                callerGone();
            } else if (end == QueueHold.End.CALLBACK_KEY) {
                on(CallEvent.CALLBACK_KEY, this::perform);
            }
        });
    }

    private void ring(RoutingDecision decision) {
        leg.ringing(decision.agentId());
        offer = decision;
        record.offeredTo(decision.agentId());
        LOG.debug("call {}: ringing {} ({}), candidates {}", callId, decision.agentId(), decision.strategy(),
                decision.candidates());
        // A hold from the desktop ends the Dial on purpose; the leg then goes on until the conversation ends.
        CompletionStage<String> leg = AgentLeg.dial(prompter, decision, musicClass(), legEndPause)
                .thenCompose(conversation::afterLeg);
        leg.whenComplete((dialStatus, err) -> {
            if (err != null || AgentLeg.CANCEL.equals(dialStatus)) {
                // Without a status, what the manager told us decides: a bridged call's hang-up ends the
                // conversation, a ringing one's abandons the call.
                callerGone();
            } else if (AgentLeg.ANSWER.equals(dialStatus)) {
                on(conversation.legEnd(), this::perform);
            } else {
                on(CallEvent.LEG_FAILED, a -> legFailed(dialStatus));
            }
        });
    }

    private void legDone() {
        leg.dialEnded(record);
        leave(QueueResult.CONNECTED);
    }

    /** The agent transferred the call: a new leg joins a queue (or rings a named agent) as it was, or dials out. */
    private void transfer(TransferTarget to) {
        Instant now = clock.instant();
        leg.end(record, now);
        if (!to.queue()) {
            record.transferredOut(to.id(), now);
            prompter.command("EXEC " + to.application())
                    .whenCompleteAsync((r, e) -> leave(QueueResult.CONNECTED), loop);
            return;
        }
        record = record.transferTo(to.recordTarget(), now);
        join(queueRequest.toQueue(to.id()), now);
        holdGate.entered();
        routing.transferred(callId, to, queueRequest);
        holdGate.entryDone(visit, true);
    }

    private void legFailed(String dialStatus) {
        String agent = offer.agentId();
        LOG.info("call {}: agent {} did not take the call ({}); back to its place in queue {}", callId, agent,
                dialStatus, queue);
        metrics.offersNotAnswered.increment();
        offer = null;
        record.offeredTo(null);
        // Another free agent may be offered the call at once; otherwise the core says it waits, and the hold starts.
        holdGate.backInLine();
        routing.offerFailed(callId, agent, AgentLeg.failure(dialStatus));
        if (handBackAsked) {
            // The server shuts down: the call is back in line, and is handed back instead of held.
            on(CallEvent.SHUTDOWN, this::perform);
        }
    }

    /** The caller hung up (or the flow ended) while the call was in a queue. */
    private void abandon() {
        routing.callerHungUp(callId);
        record.leftQueue(clock.instant());
        registry.remove(this);
        queueResult.completeExceptionally(new CallerHungUpException());
    }

    private void leave(QueueResult result) {
        record.leftQueue(clock.instant());
        registry.remove(this);
        queueResult.complete(result);
    }

    private String musicClass() {
        return queueRequest != null && queueRequest.musicClass() != null ? queueRequest.musicClass() : defaultMusic;
    }

    // ---- callback -------------------------------------------------------------------------------------------------

    /** Turned away by a full queue: offered a callback instead, which waits at the end of the line. */
    private void offerTurnedAway() {
        LOG.info("call {}: queue {} is full; offering a callback", callId, queue);
        inLine = false;
        prompter.interruptWith("SET MUSIC off");
        int v = visit;
        String key = dialog.key(queue, queueRequest);
        dialog.offerTurnedAway(callbacks.settings(queue), key).whenComplete((took, err) -> {
            if (err != null) {
                callerGone();
            } else if (visit == v && took) {
                ask(false);
            } else if (visit == v) {
                on(CallEvent.NO_PLACE, this::perform);
            }
        });
    }

    /**
     * The call is out of line keeping its place while the caller confirms their own number (read back) or enters
     * another; the request is committed before the caller hears the confirmation. If the caller gives no number,
     * or the commit fails, the call goes back to its place.
     */
    private void ask(boolean musicOn) {
        CallbackSettings settings = callbacks.settings(queue);
        if (settings == null) {
            // The queue's callbacks were switched off by a reload meanwhile.
            declined();
            return;
        }
        int v = visit;
        dialog.ask(settings, musicOn, () -> visit == v).whenComplete((choice, err) -> {
            if (err != null) {
                callerGone();
            } else if (choice == null) {
                declined();
            } else {
                on(CallEvent.CALLBACK_CHOSEN, a -> store(choice));
            }
        });
    }

    private void store(CallbackDialog.Choice choice) {
        hangupDuringCommit = false;
        dialog.store(queue, queueRequest, record.enqueuedAt(), choice).whenCompleteAsync((accepted, err) -> {
            if (err != null) {
                on(CallEvent.CALLBACK_NOT_STORED, a -> notStored(a, err));
            } else {
                on(CallEvent.CALLBACK_STORED, a -> stored(a, accepted));
            }
        }, loop);
    }

    private void stored(Action action, CallbackStore.Accepted accepted) {
        record.callbackAccepted();
        if (accepted.merged()) {
            // The pending callback keeps its own place; this call's place is given up.
            routing.callerHungUp(callId);
        }
        if (action == Action.SETTLE_STORED || hangupDuringCommit) {
            leave(QueueResult.CALLBACK_ACCEPTED);
        } else {
            dialog.thank().whenComplete((r, e) -> leave(QueueResult.CALLBACK_ACCEPTED));
        }
    }

    private void notStored(Action action, Throwable why) {
        dialog.notStored(why);
        if (action == Action.SETTLE_NOT_STORED) {
            abandon();
        } else if (hangupDuringCommit) {
            callerGone();
        } else {
            // "Sorry, the callback could not be taken": the caller is back at their place.
            dialog.sorry().whenComplete((r, e) -> declined());
        }
    }
}
