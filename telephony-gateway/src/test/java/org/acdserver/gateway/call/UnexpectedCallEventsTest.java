package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.acdserver.flow.QueueRequest;
import org.acdserver.flow.QueueResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events that do not fit a call's state are logged with the call, the state and the event, counted and ignored. */
class UnexpectedCallEventsTest {

    /** How the outside world produces each event it can send: the flow, the routing core, the manager. */
    private static final Map<CallEvent, Consumer<CallFixture>> FROM_OUTSIDE = new EnumMap<>(CallEvent.class);

    static {
        FROM_OUTSIDE.put(CallEvent.QUEUE, f -> {
            CompletableFuture<QueueResult> r = f.channel.queue(QueueRequest.of("sales", 0, Map.of()))
                    .toCompletableFuture();
            f.session.run();
            // The flow's second queue step is refused, never left hanging.
            assertThat(r).isCompletedExceptionally();
        });
        FROM_OUTSIDE.put(CallEvent.AGENT_ANSWERED, f -> f.agentAnswers(7_000_000));
        FROM_OUTSIDE.put(CallEvent.BRIDGE_ENTERED, f -> f.bridged(7_000_000));
        FROM_OUTSIDE.put(CallEvent.ROUTING_FAILED, CallFixture::routingFailed);
        FROM_OUTSIDE.put(CallEvent.LEFT_UNSERVED, f -> f.leftUnserved("max-wait"));
        FROM_OUTSIDE.put(CallEvent.QUEUE_FULL, f -> f.leftUnserved("full"));
    }

    /** Brings a new call (in a queue with callbacks, offered when full) into the state. */
    private static CallFixture in(CallState state) {
        CallFixture f = new CallFixture();
        f.callbacks.settings.put("support", CallFixture.callbacks(true, List.of()));
        switch (state) {
            case IN_IVR -> {
            }
            case QUEUED -> f.queue("support");
            case CALLBACK_DIALOG, CALLBACK_COMMIT -> {
                f.queue("support");
                f.session.reply("200 result=57");
                if (state == CallState.CALLBACK_COMMIT) {
                    f.session.reply("200 result=49");
                }
            }
            case RINGING, BRIDGED, WRAP_UP -> {
                f.queue("support");
                f.offer("agent1");
                if (state != CallState.RINGING) {
                    f.agentAnswers(1_000_000);
                }
                if (state == CallState.WRAP_UP) {
                    f.session.reply("200 result=0");
                    f.session.reply("200 result=1 (ANSWER)");
                }
            }
            case ENDED -> {
                f.queue("support");
                f.managerHangup();
            }
        }
        assertThat(f.state()).isEqualTo(state);
        return f;
    }

    @ParameterizedTest
    @EnumSource(CallState.class)
    void everyEventFromOutsideThatDoesNotFitTheStateIsIgnoredLoggedAndCounted(CallState state) {
        List<CallEvent> unexpected = new ArrayList<>();
        for (CallEvent e : FROM_OUTSIDE.keySet()) {
            if (CallTransitions.find(state, e) == null) {
                unexpected.add(e);
            }
        }
        for (CallEvent e : unexpected) {
            CallFixture f = in(state);
            List<String> toldBefore = List.copyOf(f.routing.told);
            List<String> commandsBefore = f.session.commands();
            try (LogCapture log = new LogCapture()) {
                FROM_OUTSIDE.get(e).accept(f);
                assertThat(f.state()).as(e + " while " + state).isEqualTo(state);
                assertThat(f.unexpected(state, e)).as(e + " while " + state).isEqualTo(1);
                assertThat(log.lines()).contains("WARN call " + CallFixture.CALL_ID + ": unexpected " + e + " while "
                        + state + "; ignored");
            }
            assertThat(f.routing.told).as(e + " while " + state).isEqualTo(toldBefore);
            assertThat(f.session.commands()).as(e + " while " + state).isEqualTo(commandsBefore);
        }
    }

    @Test
    void everyStateButWrapUpHasSuchEventsAndWrapUpHasTheDialsOwn() {
        for (CallState s : CallState.values()) {
            boolean some = FROM_OUTSIDE.keySet().stream().anyMatch(e -> CallTransitions.find(s, e) == null);
            assertThat(some).as(s.toString()).isEqualTo(s != CallState.WRAP_UP);
        }
        // In wrap-up, only a Dial status contradicting the conversation is out of place.
        CallFixture f = in(CallState.BRIDGED);
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        try (LogCapture log = new LogCapture()) {
            f.session.reply("200 result=0");
            f.session.reply("200 result=1 (BUSY)");
            assertThat(log.lines()).contains("WARN call " + CallFixture.CALL_ID
                    + ": unexpected LEG_FAILED while WRAP_UP; ignored");
        }
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.unexpected(CallState.WRAP_UP, CallEvent.LEG_FAILED)).isEqualTo(1);
        assertThat(f.routing.told).doesNotContain("failed agent1 BUSY");
    }

    @Test
    void aDialStatusContradictingTheManagersAnswerLeavesTheBridgedCallAlone() {
        CallFixture f = in(CallState.BRIDGED);
        f.session.reply("200 result=0");
        f.session.reply("200 result=1 (NOANSWER)");
        assertThat(f.state()).isEqualTo(CallState.BRIDGED);
        assertThat(f.unexpected(CallState.BRIDGED, CallEvent.LEG_FAILED)).isEqualTo(1);
        // The manager's hang-up still ends the conversation.
        f.managerHangup();
        assertThat(f.state()).isEqualTo(CallState.WRAP_UP);
        assertThat(f.routing.told).containsExactly("queued support 0", "answered agent1", "ended");
    }
}
