package org.acdserver.gateway.call;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionRecord;

/**
 * The call's one interaction record as it fills in: the queue, when the call joined it and left it, the agent who
 * answered and for how long. When the flow ends it is written once, with the outcome, and counted in the metrics.
 *
 * <p>A blind transfer from the agent desktop closes the record of the leg the agent had ({@code transferred}, with the
 * target) and starts the next leg's record ({@code <call id>.t1}, {@code .t2}, ...), which names the leg it came from;
 * every leg's record is written when the flow ends, the earlier ones first.
 */
final class CallRecord {

    private final String callId;
    private final String callerNumber;
    private final Instant startedAt;
    private final CallMetrics metrics;
    private final Consumer<InteractionRecord> recorder;

    private String queue;
    private Instant enqueuedAt;
    /** The agent last offered the call; the record names it only once an agent answered. */
    private String agent;
    private Instant answeredAt;
    private Instant leftQueueAt;
    private Double talkSeconds;
    /** Time the agent held the caller (from the desktop); null when the call was never answered. */
    private Double holdSeconds;
    /** Set once a callback request of this call is committed: the call's record says "callback requested". */
    private boolean callbackAccepted;
    /** Where the call was handed back to (the dialplan's fallback, at a shutdown); null when it was not. */
    private String handedBackTo;
    private boolean written;
    /** The record of the leg this one was transferred from, or null for the call's first leg. */
    private final CallRecord previous;
    /** How many transfers led to this leg: 0 for the first. */
    private final int transfers;
    /** The queue the agent transferred this leg to, and when; null when it was not transferred. */
    private String transferTarget;
    private Instant transferredAt;

    CallRecord(String callId, String callerNumber, Instant startedAt, CallMetrics metrics,
               Consumer<InteractionRecord> recorder) {
        this(callId, callerNumber, startedAt, metrics, recorder, null, 0);
    }

    private CallRecord(String callId, String callerNumber, Instant startedAt, CallMetrics metrics,
                       Consumer<InteractionRecord> recorder, CallRecord previous, int transfers) {
        this.previous = previous;
        this.transfers = transfers;
        this.callId = callId;
        this.callerNumber = callerNumber;
        this.startedAt = startedAt;
        this.metrics = metrics;
        this.recorder = recorder;
    }

    void queued(String queue, Instant at) {
        this.queue = queue;
        this.enqueuedAt = at;
    }

    Instant enqueuedAt() {
        return enqueuedAt;
    }

    void offeredTo(String agentId) {
        this.agent = agentId;
    }

    void answered(Instant at) {
        this.answeredAt = at;
    }

    boolean answered() {
        return answeredAt != null;
    }

    /** The conversation ended now; {@code held} of it the caller was on hold, which is not talk time. */
    void talkEnded(Instant at, Duration held) {
        holdSeconds = held.toMillis() / 1000.0;
        talkSeconds = Math.max(0, Duration.between(answeredAt, at).toMillis() - held.toMillis()) / 1000.0;
    }

    void leftQueue(Instant at) {
        this.leftQueueAt = at;
    }

    void callbackAccepted() {
        this.callbackAccepted = true;
    }

    /**
     * The call was handed back to the dialplan, which sends it to {@code context}: recorded as {@code no_agent} if it
     * reached a queue, else as {@code transferred}, with {@code transferred_to} naming the context (an answered
     * call, or one with a callback, keeps that outcome).
     */
    void handedBack(String context) {
        this.handedBackTo = context;
    }

    /**
     * The agent transferred the call to {@code target} at {@code at}: this leg ends there ({@code transferred}), and
     * the record of the next leg, which starts then, is returned. Call {@link #talkEnded} first.
     */
    CallRecord transferTo(String target, Instant at) {
        transferTarget = target;
        transferredAt = at;
        leftQueueAt = at;
        String root = previous == null ? callId : callId.substring(0, callId.lastIndexOf(".t"));
        return new CallRecord(root + ".t" + (transfers + 1), callerNumber, at, metrics, recorder, this,
                transfers + 1);
    }

    /** The agent transferred this leg to a number at {@code at}: it ends there ({@code transferred}). */
    void transferredOut(String number, Instant at) {
        transferTarget = number;
        transferredAt = at;
        leftQueueAt = at;
    }

    /** Writes the record with the flow's outcome, after the records of earlier legs; later calls do nothing. */
    void write(FlowOutcome outcome, Instant flowEndedAt) {
        if (written) {
            return;
        }
        written = true;
        if (previous != null) {
            previous.write(outcome, flowEndedAt);
        }
        Instant endedAt = transferredAt != null ? transferredAt : flowEndedAt;
        InteractionOutcome result = outcomeOf(outcome);
        Double waitSeconds = null;
        if (enqueuedAt != null) {
            Instant waitEnd = answeredAt != null ? answeredAt : leftQueueAt != null ? leftQueueAt : endedAt;
            waitSeconds = Duration.between(enqueuedAt, waitEnd).toMillis() / 1000.0;
            metrics.recordWait(queue, answeredAt != null, Duration.between(enqueuedAt, waitEnd));
        }
        count(result);
        // A leg the agent transferred was answered in its queue: it counts there as answered.
        if (waitSeconds != null && (answeredAt != null || result == InteractionOutcome.ABANDONED_IN_QUEUE)) {
            metrics.queueCallEnded(queue, answeredAt != null, waitSeconds);
        }
        recorder.accept(new InteractionRecord(callId, callerNumber, outcome.flow(), outcome.path(),
                outcome.lastStep(), queue, answeredAt == null ? null : agent, startedAt, enqueuedAt, answeredAt,
                endedAt, waitSeconds, answeredAt == null ? null : talkSeconds, result, outcome.survey(),
                transferTarget != null ? transferTarget : handedBackTo != null ? handedBackTo : outcome.transferredTo(),
                answeredAt == null ? null : holdSeconds, previous == null ? null : previous.callId));
    }

    private InteractionOutcome outcomeOf(FlowOutcome outcome) {
        if (transferTarget != null) {
            return InteractionOutcome.TRANSFERRED;
        }
        if (answeredAt != null) {
            return InteractionOutcome.ANSWERED;
        }
        if (callbackAccepted) {
            return InteractionOutcome.CALLBACK_REQUESTED;
        }
        if (handedBackTo != null) {
            return enqueuedAt != null ? InteractionOutcome.NO_AGENT : InteractionOutcome.TRANSFERRED;
        }
        return switch (outcome.ending()) {
            case CALLER_HUNG_UP -> outcome.queued() ? InteractionOutcome.ABANDONED_IN_QUEUE
                    : InteractionOutcome.ABANDONED_IN_IVR;
            case COMPLETED -> outcome.queued() ? InteractionOutcome.NO_AGENT : InteractionOutcome.SELF_SERVICE;
            case FAILED -> InteractionOutcome.FAILED;
            case TRANSFERRED -> InteractionOutcome.TRANSFERRED;
        };
    }

    private void count(InteractionOutcome outcome) {
        switch (outcome) {
            case ANSWERED -> metrics.answered.increment();
            case ABANDONED_IN_QUEUE -> metrics.abandonedInQueue.increment();
            case ABANDONED_IN_IVR -> metrics.abandonedInIvr.increment();
            case NO_AGENT -> metrics.notServed.increment();
            case CALLBACK_REQUESTED -> metrics.callbackRequested.increment();
            case SELF_SERVICE -> metrics.selfService.increment();
            case TRANSFERRED -> metrics.transferred.increment();
            case FAILED -> metrics.failed.increment();
        }
    }
}
