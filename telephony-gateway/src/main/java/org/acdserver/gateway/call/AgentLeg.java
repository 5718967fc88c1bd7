package org.acdserver.gateway.call;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.OfferFailure;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.CallerHungUpException;

/**
 * The agent leg of a queued call: a {@code Dial} to the agent's endpoint written into the caller's running
 * {@code WAIT FOR DIGIT}, which ends the wait at once (Asterisk answers it with {@code 200 result=1}), so no polling
 * adds latency. Dial keeps the caller on music while the agent's phone rings and bridges the two the moment the agent
 * answers; its {@code g} option hands the caller back when the agent hangs up. How the leg ended is Dial's
 * {@code DIALSTATUS}.
 *
 * <p>When the Dial returns with the caller still there, the session waits a short pause (acd.yaml's
 * {@code legEndPauseMillis}, 15 ms) before it asks for the status and goes on. The agent is freed the moment the
 * manager reports the leg over, and the server dials the agent to the next waiting caller at once; at that moment
 * Asterisk is still ending this call (the phone's BYE, the bridge, the channels' last reports), and this caller's
 * next commands (the status, the flow's goodbye or survey) would be one more thing for it to do before it reads the
 * next caller's {@code Dial}. A pause the caller cannot hear lets that {@code Dial} go first.
 */
final class AgentLeg {

    /** What {@link #dial} completes with when the caller hung up while the agent's phone rang. */
    static final String CANCEL = "CANCEL";
    static final String ANSWER = "ANSWER";

    private AgentLeg() {
    }

    /**
     * Rings the agent and completes when the leg ends, with its {@code DIALSTATUS}: {@link #ANSWER} after a
     * conversation, {@link #CANCEL} when the caller hung up first, else why the agent did not take it ({@code BUSY},
     * {@code NOANSWER}, {@code CHANUNAVAIL}, ...). Fails with {@link CallerHungUpException} when the channel is gone
     * and the status cannot be read.
     */
    static CompletionStage<String> dial(AgiPrompter prompter, RoutingDecision decision, String musicClass,
                                       Duration legEndPause) {
        String dial = "EXEC Dial " + decision.endpoint() + "," + decision.ringTimeoutSeconds() + ","
                + HoldMusic.dialOptions(musicClass);
        return prompter.interruptWith(dial).handle((reply, err) -> {
            if (err != null || reply.channelDead()) {
                throw new CallerHungUpException();
            }
            return reply.result() < 0;
        }).thenCompose(callerHungUp -> callerHungUp ? CompletableFuture.completedFuture(true)
                : after(legEndPause, prompter.eventLoop(), false)
        ).thenCompose(callerHungUp -> prompter.command("GET VARIABLE DIALSTATUS").thenApply(status -> {
            String dialStatus = status.data() == null ? "" : status.data();
            return callerHungUp && !ANSWER.equals(dialStatus) ? CANCEL : dialStatus;
        }));
    }

    /** Completes with {@code value} on {@code loop} once {@code pause} has passed; at once for no pause. */
    static <T> CompletionStage<T> after(Duration pause, EventLoop loop, T value) {
        if (pause.isZero()) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        loop.schedule(() -> later.complete(value), pause.toNanos(), TimeUnit.NANOSECONDS);
        return later;
    }

    /**
     * When the agent answered: Asterisk's own time of the answer ({@code DialEnd}, {@code asteriskMicros}) when it
     * lies between the start of ringing and now, so that the manager link's delivery, which under load takes
     * hundreds of milliseconds, is not counted as the caller's wait; otherwise (no time, or a clock that disagrees,
     * as another machine's may) the moment the event arrived, {@code now}.
     */
    static Instant answeredAt(long asteriskMicros, Instant ringingSince, Instant now) {
        if (asteriskMicros <= 0 || ringingSince == null) {
            return now;
        }
        Instant at = Instant.EPOCH.plus(asteriskMicros, ChronoUnit.MICROS);
        return at.isBefore(ringingSince) || at.isAfter(now) ? now : at;
    }

    /** Why an agent did not take the call, by {@code DIALSTATUS}. */
    static OfferFailure failure(String dialStatus) {
        return switch (dialStatus) {
            case "BUSY" -> OfferFailure.BUSY;
            case "CHANUNAVAIL", "CONGESTION" -> OfferFailure.UNAVAILABLE;
            default -> OfferFailure.NO_ANSWER;
        };
    }
}
