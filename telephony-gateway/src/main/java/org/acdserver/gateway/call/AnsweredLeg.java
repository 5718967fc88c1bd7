package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Instant;

/**
 * The agent's leg of a queued call from the ring to the end of the conversation, as the call's record and the routing
 * core see it: when the agent answered (Asterisk's time when it can be trusted), the answer-to-bridge measure, and
 * the end of the conversation (talk time, the agent freed in the core).
 *
 * <p>Touched only on the call's event loop.
 */
final class AnsweredLeg {

    private final CallRouting routing;
    private final Conversation conversation;
    private final CallMetrics metrics;
    private final Clock clock;
    private final String callId;
    /** The agent rung last; null before the first ring. */
    private String agentId;
    private Instant ringingSince;
    /** Asterisk's time of the answer, until the caller's bridge is measured against it; 0 when none is due. */
    private long answeredMicros;

    AnsweredLeg(CallRouting routing, Conversation conversation, CallMetrics metrics, Clock clock, String callId) {
        this.routing = routing;
        this.conversation = conversation;
        this.metrics = metrics;
        this.clock = clock;
        this.callId = callId;
    }

    /** The agent's phone rings from now on. */
    void ringing(String agent) {
        agentId = agent;
        ringingSince = clock.instant();
    }

    /**
     * The manager reported the answer at Asterisk's {@code asteriskMicros} (0 if unknown): the record, the desktop's
     * control of the call (the caller hears {@code musicClass} while held) and the core learn of it.
     */
    void answered(CallRecord record, long asteriskMicros, String musicClass) {
        record.answered(AgentLeg.answeredAt(asteriskMicros, ringingSince, clock.instant()));
        conversation.connected(agentId, musicClass);
        answeredMicros = asteriskMicros;
        routing.offerAnswered(callId, agentId);
    }

    /** The manager reported the caller in the agent's bridge at Asterisk's {@code asteriskMicros}. */
    void bridged(long asteriskMicros) {
        if (answeredMicros > 0 && asteriskMicros >= answeredMicros) {
            metrics.recordAnswerToBridge(asteriskMicros - answeredMicros);
            answeredMicros = 0;
        }
    }

    /** The caller's {@code Dial} returned after the agent answered: the conversation is over. */
    void dialEnded(CallRecord record) {
        if (!record.answered()) {
            // The manager connection did not report the answer (it was down). Dial's ANSWEREDTIME cannot stand in:
            // on a caller channel that was answered before the Dial it measures from the caller's answer. The
            // start of ringing is the best bound we have; the record overstates talk time by the ring time.
            record.answered(ringingSince);
            routing.offerAnswered(callId, agentId);
        }
        end(record, clock.instant());
    }

    /** The conversation ended at {@code at}: its talk time goes into {@code record}, and the agent is freed. */
    void end(CallRecord record, Instant at) {
        conversation.ended();
        record.talkEnded(at, conversation.holdTime());
        routing.callEnded(callId);
    }
}
