package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.acdserver.core.WaitEstimate;
import org.acdserver.flow.FlowOutcome;
import org.acdserver.flow.QueueRequest;
import org.acdserver.gateway.callback.CallbackStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of everything that can happen to a call: AGI replies of every kind to whatever command runs,
 * offers, manager events, routing failures, estimates, commits that succeed, merge or fail, hang-ups on either side,
 * in any order. Whatever the sequence, no action fails; once the caller is gone and every reply is in, the call is
 * out of every queue with its queue step settled (so its flow can end); and once the flow has ended the call is in
 * its end state with exactly one record and no agent left reserved. Each seed is one sequence; a failure names it and
 * the steps taken, so it can be run again.
 */
class CallLifeRandomEventsTest {

    private static final String[] REPLIES = {"200 result=0", "200 result=-1", "200 result=49", "200 result=50",
        "200 result=57", "200 result=1", "200 result=1 (ANSWER)", "200 result=1 (NOANSWER)", "200 result=1 (BUSY)",
        "200 result=1 (CANCEL)", "200 result=5551234", "200 result=14", "200 result=", "511 dead channel"};

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** The core's side: an agent is reserved when it offers the call and freed by what the call tells it. */
    private static final class Reservations {
        private final ScriptedRouting routing;
        private int seen;
        private String reserved;

        Reservations(ScriptedRouting routing) {
            this.routing = routing;
        }

        void offered(String agent) {
            catchUp();
            reserved = agent;
        }

        String reserved() {
            catchUp();
            return reserved;
        }

        private void catchUp() {
            for (; seen < routing.told.size(); seen++) {
                String t = routing.told.get(seen);
                if (reserved != null && (t.equals("hung up") || t.equals("ended")
                        || t.startsWith("failed " + reserved + " "))) {
                    reserved = null;
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noSequenceOfEventsBreaksTheCallOrLosesItsRecord(long seed) {
        Random random = new Random(seed);
        CallFixture f = new CallFixture(random.nextBoolean() ? CallFixture.CALLER : null);
        f.callbacks.settings.put("support", CallFixture.callbacks(random.nextBoolean(),
                random.nextBoolean() ? List.of() : List.of("cb-asap", "cb-hour")));
        f.routing.estimate = null;
        Reservations core = new Reservations(f.routing);
        List<String> steps = new ArrayList<>();
        int agents = 0;
        long micros = 1_000_000;
        try (LogCapture log = new LogCapture()) {
            int count = 20 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                // Weighted so that calls get deep into their lives before a hang-up ends them.
                int pick = random.nextInt(1000);
                if (pick < 100) {
                    // The flow queues only when no queue step of it is pending.
                    if (f.result == null || f.result.isDone()) {
                        steps.add("queue");
                        f.queue(new QueueRequest("support", 0, Map.of(), null,
                                random.nextBoolean() ? Duration.ZERO : Duration.ofSeconds(20), ""));
                    }
                } else if (pick < 220) {
                    // The core offers a call to one agent at a time.
                    if (core.reserved() == null) {
                        String agent = "agent" + (++agents);
                        steps.add("offer " + agent);
                        core.offered(agent);
                        f.offer(agent);
                    }
                } else if (pick < 300) {
                    steps.add("answered");
                    f.agentAnswers(micros += 1_000);
                } else if (pick < 350) {
                    steps.add("bridged");
                    f.bridged(micros += 1_000);
                } else if (pick < 365) {
                    steps.add("manager hangup");
                    f.managerHangup();
                } else if (pick < 380) {
                    steps.add("caller hangs up");
                    f.session.callerHangsUp();
                } else if (pick < 400) {
                    steps.add("routing failed");
                    f.routingFailed();
                } else if (pick < 430) {
                    String reason = random.nextBoolean() ? "full" : "max-wait";
                    steps.add("left unserved " + reason);
                    f.leftUnserved(reason);
                } else if (pick < 510) {
                    settleEstimate(f, random, steps);
                } else if (pick < 610) {
                    settleCommit(f, random, steps);
                } else if (pick < 650) {
                    steps.add("clock +15s");
                    f.clock.advance(Duration.ofSeconds(15));
                } else if (f.session.running() != null) {
                    String line = random.nextInt(5) == 0 ? REPLIES[random.nextInt(REPLIES.length)]
                            : likely(f.session.running(), random);
                    steps.add(f.session.running() + " <- " + line);
                    f.session.reply(line);
                }
            }
            // The caller goes, everything running is answered, the flow ends.
            steps.add("caller hangs up, settle, finish");
            f.session.callerHangsUp();
            for (int round = 0; round < 100 && (f.session.running() != null
                    || !f.routing.estimates.isEmpty() || !f.callbacks.commits.isEmpty()); round++) {
                if (f.session.running() != null) {
                    f.session.reply("511 dead channel");
                }
                settleEstimate(f, random, steps);
                settleCommit(f, random, steps);
            }
            String story = "seed " + seed + ": " + String.join(" | ", steps);
            // The flow ends only once its queue step is settled: a step left pending would hang it, record-less.
            if (f.result != null) {
                assertThat(f.result).as(story).isDone();
            }
            assertThat(f.registry.size()).as(story).isZero();
            assertThat(f.state()).as(story).isIn(CallState.IN_IVR, CallState.WRAP_UP, CallState.ENDED);

            FlowOutcome.Ending ending = f.result == null ? FlowOutcome.Ending.COMPLETED
                    : FlowOutcome.Ending.CALLER_HUNG_UP;
            f.finish(ending, f.result != null);
            assertThat(log.lines()).as(story).noneMatch(l -> l.startsWith("ERROR") && l.endsWith(" failed"));
            assertThat(f.state()).as(story).isEqualTo(CallState.ENDED);
            assertThat(f.records).as(story).hasSize(1);
            assertThat(core.reserved()).as(story + " | told " + f.routing.told).isNull();
        }
    }

    /** A reply Asterisk would likely give to this command. */
    private static String likely(String command, Random random) {
        String[] choices;
        if (command.startsWith("WAIT FOR DIGIT")) {
            choices = new String[] {"200 result=0", "200 result=57", "200 result=50"};
        } else if (command.startsWith("EXEC Dial")) {
            choices = new String[] {"200 result=0", "200 result=-1"};
        } else if (command.startsWith("GET VARIABLE")) {
            choices = new String[] {"200 result=1 (ANSWER)", "200 result=1 (NOANSWER)", "200 result=1 (BUSY)",
                "200 result=1 (CHANUNAVAIL)", "200 result=1 (CANCEL)"};
        } else if (command.startsWith("GET DATA")) {
            choices = new String[] {"200 result=5551234", "200 result=14", "200 result=1", "200 result= (timeout)",
                "200 result=99"};
        } else if (command.startsWith("STREAM FILE to-call") || command.startsWith("SAY DIGITS")) {
            choices = new String[] {"200 result=49", "200 result=50", "200 result=0"};
        } else {
            choices = new String[] {"200 result=0", "200 result=57"};
        }
        return choices[random.nextInt(choices.length)];
    }

    private static void settleEstimate(CallFixture f, Random random, List<String> steps) {
        CompletableFuture<WaitEstimate> e = f.routing.estimates.poll();
        if (e == null) {
            return;
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                steps.add("estimate none");
                e.complete(null);
            }
            case 1 -> {
                steps.add("estimate failed");
                e.completeExceptionally(new IllegalStateException("core stopped"));
            }
            default -> {
                steps.add("estimate 3rd, 200 s");
                e.complete(new WaitEstimate(3, 200, "observed"));
            }
        }
        f.session.run();
    }

    private static void settleCommit(CallFixture f, Random random, List<String> steps) {
        CompletableFuture<CallbackStore.Accepted> c = f.callbacks.commits.poll();
        if (c == null) {
            return;
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                steps.add("commit failed");
                c.completeExceptionally(new IllegalStateException("database down"));
            }
            case 1 -> {
                steps.add("commit merged");
                c.complete(new CallbackStore.Accepted("cb-0", true));
            }
            default -> {
                steps.add("commit stored");
                c.complete(new CallbackStore.Accepted("cb-" + steps.size(), false));
            }
        }
        f.session.run();
    }
}
