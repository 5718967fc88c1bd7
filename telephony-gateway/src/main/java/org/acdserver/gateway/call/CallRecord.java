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

    CallRecord(String callId, String callerNumber, Instant startedAt, CallMetrics metrics,
               Consumer<InteractionRecord> recorder) {
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

    /** Writes the record with the flow's outcome; later calls do nothing. */
    void write(FlowOutcome outcome, Instant endedAt) {
        if (written) {
            return;
        }
        written = true;
        InteractionOutcome result = outcomeOf(outcome);
        Double waitSeconds = null;
        if (enqueuedAt != null) {
            Instant waitEnd = answeredAt != null ? answeredAt : leftQueueAt != null ? leftQueueAt : endedAt;
            waitSeconds = Duration.between(enqueuedAt, waitEnd).toMillis() / 1000.0;
            metrics.recordWait(queue, answeredAt != null, Duration.between(enqueuedAt, waitEnd));
        }
        count(result);
        if (waitSeconds != null
                && (result == InteractionOutcome.ANSWERED || result == InteractionOutcome.ABANDONED_IN_QUEUE)) {
            metrics.queueCallEnded(queue, result == InteractionOutcome.ANSWERED, waitSeconds);
        }
        recorder.accept(new InteractionRecord(callId, callerNumber, outcome.flow(), outcome.path(),
                outcome.lastStep(), queue, answeredAt == null ? null : agent, startedAt, enqueuedAt, answeredAt,
                endedAt, waitSeconds, answeredAt == null ? null : talkSeconds, result, outcome.survey(),
                handedBackTo != null ? handedBackTo : outcome.transferredTo(), answeredAt == null ? null : holdSeconds));
    }

    private InteractionOutcome outcomeOf(FlowOutcome outcome) {
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
