package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.acdserver.core.RoutingDecision;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.acdserver.gateway.callback.CallbackMetrics;
import org.acdserver.gateway.callback.CallbackOffer;
import org.acdserver.gateway.callback.CallbackSettings;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.store.InteractionRecord;

/**
 * One live call with no Asterisk, no routing core and no database: a {@link ScriptedAgiSession}, a
 * {@link ScriptedRouting} and {@link ScriptedCallbacks}, a clock the test moves, and the records written.
 */
final class CallFixture {

    static final String CALL_ID = "1746349200.17";
    static final String CALLER = "5550123";
    static final Instant START = Instant.parse("2026-05-04T09:00:00Z");

    final TestClock clock = new TestClock(START);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CallMetrics metrics = new CallMetrics(meters);
    final CallRegistry registry = new CallRegistry();
    final ScriptedRouting routing = new ScriptedRouting(registry);
    final ScriptedCallbacks callbacks = new ScriptedCallbacks(new CallbackMetrics(meters));
    final List<InteractionRecord> records = new ArrayList<>();
    final ScriptedAgiSession session;
    final AgiCallChannel channel;
    final QueuedCall call;
    CompletableFuture<QueueResult> result;

    CallFixture() {
        this(CALLER);
    }

    CallFixture(String callerNumber) {
        this(callerNumber, AgentChannels.NONE);
    }

    /** A call whose agent's channel the desktop's call control reaches through {@code channels}. */
    static CallFixture withChannels(AgentChannels channels) {
        return new CallFixture(CALLER, channels, Duration.ZERO);
    }

    /** A call whose session pauses {@code pause} after an agent's leg, on an event loop whose clock the test moves. */
    static CallFixture withLegEndPause(Duration pause) {
        return new CallFixture(CALLER, AgentChannels.NONE, pause);
    }

    private CallFixture(String callerNumber, AgentChannels channels) {
        this(callerNumber, channels, Duration.ZERO);
    }

    private CallFixture(String callerNumber, AgentChannels channels, Duration legEndPause) {
        session = new ScriptedAgiSession(CALL_ID, callerNumber);
        if (!legEndPause.isZero()) {
            session.freezeTime();
        }
        // Music is switched at once; the other commands wait for the test's reply.
        session.answer("SET MUSIC", "200 result=0").answer("NOOP", "200 result=0");
        channel = new AgiCallChannel(session, new CallServices(routing, registry, metrics, records::add, clock,
                "default", callbacks, channels, legEndPause));
        call = channel.queuedCall();
    }

    CallState state() {
        return ((CallLife) call).state();
    }

    /** A queue offering a callback on key 9 to numbers of 7 to 15 digits, and (optionally) to callers turned away. */
    static CallbackSettings callbacks(boolean offerWhenFull, List<String> windowPrompts) {
        CallbackOffer offer = new CallbackOffer(0, false, offerWhenFull, false, List.of("cb-queue-full"));
        return new CallbackSettings("9", null, "PJSIP/{number}@trunk", Pattern.compile("[0-9]{7,15}"), 3,
                Duration.ofMinutes(5), Duration.ofSeconds(30), Schedule.ALWAYS, offer, windowPrompts);
    }

    void queue(String queue) {
        queue(QueueRequest.of(queue, 0, Map.of()));
    }

    void queue(QueueRequest request) {
        result = channel.queue(request).toCompletableFuture();
        session.run();
    }

    static RoutingDecision decision(String agent) {
        return new RoutingDecision(CALL_ID, "support", agent, "PJSIP/" + agent, 15, "longest-idle", List.of(agent),
                1_000, 1);
    }

    void offer(String agent) {
        call.connect(decision(agent));
        session.run();
    }

    void agentAnswers(long asteriskMicros) {
        call.agentAnswered(asteriskMicros);
        session.run();
    }

    /** The manager's {@code DialEnd} with {@code ANSWER}, naming the agent's channel by its unique id. */
    void agentAnswers(long asteriskMicros, String agentChannel) {
        call.agentAnswered(asteriskMicros, agentChannel);
        session.run();
    }

    /** The manager's word that the agent's channel hung up with the caller out of its bridge (AgentLegWatch). */
    void agentLegEnds(String agentChannel, long asteriskMicros) {
        call.agentLegEnded(agentChannel, asteriskMicros);
        session.run();
    }

    void bridged(long asteriskMicros) {
        call.bridged(asteriskMicros);
        session.run();
    }

    /** The agent leg's {@code EXEC Dial} returns and Asterisk tells its {@code DIALSTATUS}. */
    void dialEnds(String status) {
        assertThat(session.running()).startsWith("EXEC Dial ");
        session.reply("200 result=0");
        assertThat(session.running()).isEqualTo("GET VARIABLE DIALSTATUS");
        session.reply("200 result=1 (" + status + ")");
    }

    /** The manager's Hangup event of the caller's channel. */
    void managerHangup() {
        call.channelHungUp();
        session.run();
    }

    void routingFailed() {
        call.routingFailed();
        session.run();
    }

    void leftUnserved(String reason) {
        call.leftUnserved(reason);
        session.run();
    }

    /** The flow ends, as FlowScripts ends it: the record, then the session closes. */
    void finish(FlowOutcome.Ending ending, boolean queued) {
        channel.finish(new FlowOutcome("main", List.of("menu", "queue"), "queue", ending, queued,
                result != null && result.isDone() && !result.isCompletedExceptionally()
                        && result.join() == QueueResult.CONNECTED));
        session.close();
        session.run();
    }

    double counter(String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    double unexpected(CallState state, CallEvent event) {
        return counter("acd.calls.unexpected.events", "state", state.name().toLowerCase(),
                "event", event.name().toLowerCase());
    }
}
