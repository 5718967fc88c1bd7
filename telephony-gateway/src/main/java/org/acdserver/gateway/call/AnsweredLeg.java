package org.acdserver.gateway.call;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's leg of a queued call from the ring to the end of the conversation, as the call's record and the routing
 * core see it: when the agent answered (Asterisk's time when it can be trusted), the answer-to-bridge measure, and
 * the end of the conversation (talk time, the agent freed in the core), once per leg: whichever comes first of the
 * manager's word (the agent's channel hung up, the caller out of the bridge: {@link AgentLegWatch}) and the caller's
 * {@code Dial} returning over AGI, which under load comes a second or more later. The routing core frees the agent
 * the moment the manager tells; the caller's session goes on only when its Dial returns.
 *
 * <p>Touched only on the call's event loop, but for {@link #hungUpNow}: the manager's word frees the agent in the
 * routing core straight from the manager connection's thread, so that the next caller's offer does not wait for this
 * call's event loop to wake up (a thread hop of 0.3-1 ms on a busy machine). The talk time and the rest of the leg's
 * end still follow on the event loop. A lock orders the two threads: once the event loop has ended the leg, and so
 * before it tells the core anything later (a transfer joins a queue under the same call id), no late free from the
 * manager's thread can reach the core.
 */
final class AnsweredLeg {

    private static final Logger LOG = LoggerFactory.getLogger(AnsweredLeg.class);

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
    /** The unique id of the agent's channel that answered ({@code DialEnd}); null when unknown. */
    private String agentChannel;
    /** The current leg's conversation ended: the agent is free and the talk time recorded. */
    private boolean ended;
    /** The answered agent channel whose end the manager's thread may free the agent on; null when none. Guarded by this. */
    private String freeable;
    /** The manager's thread freed the agent of the current leg in the core already. Guarded by this. */
    private boolean freedEarly;

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
        agentChannel = null;
        ended = false;
        synchronized (this) {
            freeable = null;
            freedEarly = false;
        }
    }

    /**
     * The manager reported the answer on the agent's channel {@code channel} (unique id, null if unknown) at Asterisk's
     * {@code asteriskMicros} (0 if unknown): the record, the desktop's control of the call (the caller hears
     * {@code musicClass} while held) and the core learn of it.
     */
    void answered(CallRecord record, long asteriskMicros, String channel, String musicClass) {
        agentChannel = channel;
        record.answered(AgentLeg.answeredAt(asteriskMicros, ringingSince, clock.instant()));
        conversation.connected(agentId, musicClass);
        answeredMicros = asteriskMicros;
        routing.offerAnswered(callId, agentId);
        // After the answer went to the core: the core must not hear of the end before it heard of the answer.
        synchronized (this) {
            freeable = channel;
        }
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
        if (!ended) {
            metrics.freedOnDial.increment();
        }
        end(record, clock.instant());
    }

    /**
     * The manager reported the agent's channel {@code channel} hung up, with the caller out of its bridge, at
     * Asterisk's {@code asteriskMicros}: the conversation ends now, with the talk time up to that moment, unless the
     * channel is not this leg's (a late event of an earlier leg) or left the bridge on purpose (held or consulting,
     * where Conversation decides when the leg ends).
     */
    void hungUp(CallRecord record, String channel, long asteriskMicros) {
        if (ended || channel == null || !channel.equals(agentChannel) || conversation.parked()) {
            return;
        }
        Instant now = clock.instant();
        // Asterisk's time, bounded as the answer's is: the manager link's delay is not talk time.
        Instant at = AgentLeg.answeredAt(asteriskMicros, ringingSince, now);
        LOG.debug("call {}: agent {}'s channel {} hung up; the agent is free before the Dial returns", callId,
                agentId, channel);
        end(record, at);
        metrics.freedOnHangUp.increment();
    }

    /**
     * The manager connection's thread: the agent's channel {@code channel} hung up with the caller out of its bridge.
     * Frees the agent in the routing core now when {@link #hungUp} will end the leg on the event loop: the channel is
     * this leg's answered one, the leg has not ended, and the agent's channel did not leave the bridge on purpose.
     * Returns whether it freed the agent. {@link #hungUp} must still follow, on the event loop.
     */
    boolean hungUpNow(String channel) {
        if (channel == null || conversation.parked()) {
            return false;
        }
        synchronized (this) {
            if (!channel.equals(freeable)) {
                return false;
            }
            // Marked only once the core has it: if telling it fails, the event loop's end frees the agent as before.
            routing.callEnded(callId);
            freeable = null;
            freedEarly = true;
            return true;
        }
    }

    /**
     * The conversation ended at {@code at}: its talk time goes into {@code record}, and the agent is freed unless the
     * manager's thread freed it already ({@link #hungUpNow}). Only the first end of a leg counts: the manager's word
     * and the Dial's return both end it.
     */
    void end(CallRecord record, Instant at) {
        if (ended) {
            return;
        }
        ended = true;
        boolean freed;
        synchronized (this) {
            freed = freedEarly;
            freeable = null;
        }
        conversation.ended();
        record.talkEnded(at, conversation.holdTime());
        if (!freed) {
            routing.callEnded(callId);
        }
    }
}
