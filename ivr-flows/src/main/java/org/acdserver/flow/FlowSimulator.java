package org.acdserver.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;


/**
 * Runs flows on the real engine against a scripted caller, with no telephone: the administrator's way to try a
 * flow, and to run the test cases it carries before activating it. Look-ups go to whatever {@link Lookups} the
 * environment holds (the configured database, for the command line).
 */
public final class FlowSimulator {

    /** After the scripted keys run out, the caller stays silent this many more times, then hangs up. */
    private static final int SILENT_READS = 12;

    private final FlowEnvironment env;

    public FlowSimulator(FlowEnvironment env) {
        this.env = env;
    }

    /**
     * What one simulated call did.
     *
     * @param lines   what the caller heard and did, and where the call went, in order
     * @param outcome how the run ended
     * @param queue   the queue reached, or null
     */
    public record Transcript(List<String> lines, FlowOutcome outcome, String queue) {
    }

    /**
     * The result of one test case.
     *
     * @param test     the case
     * @param passed   whether every expectation held
     * @param failures what did not hold
     */
    public record TestResult(FlowTest test, boolean passed, List<String> failures) {
    }

    /** Splits {@code 1,2,#} into keys; an empty element is a silence ({@code 1,,2}). */
    public static List<String> splitKeys(String keys) {
        if (keys == null || keys.isEmpty()) {
            return List.of();
        }
        return List.of(keys.split(",", -1));
    }

    /** Runs one call. */
    public Transcript run(Flow flow, List<String> keys, String caller, Instant time, QueueResult queueResult)
            throws Exception {
        Clock clock = Clock.fixed(time == null ? Instant.now() : time, env.clock().getZone());
        FlowEnvironment callEnv = new FlowEnvironment(env.flows(), env.schedules(), env.lookups(), clock);
        ScriptedCaller channel = new ScriptedCaller(keys, queueResult);
        Map<String, String> initial = new LinkedHashMap<>();
        initial.put("caller", caller == null ? "" : caller);
        initial.put("called", "");
        FlowOutcome outcome = new FlowRun(flow, channel, callEnv, initial, Runnable::run).start()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>(channel.lines);
        lines.add("path: " + String.join(" > ", outcome.path()));
        lines.add("end: " + outcome.ending().name().toLowerCase() + " at step " + outcome.lastStep());
        Map<String, String> vars = new TreeMap<>(outcome.variables());
        lines.add("variables: " + vars);
        if (!outcome.survey().isEmpty()) {
            lines.add("survey: " + outcome.survey());
        }
        return new Transcript(lines, outcome, channel.queue);
    }

    /** Runs a flow's test cases. */
    public List<TestResult> check(Flow flow) throws Exception {
        List<TestResult> results = new ArrayList<>();
        for (FlowTest t : flow.tests()) {
            Instant time = t.time() == null ? Instant.now() : Instant.parse(t.time());
            Transcript tr = run(flow, t.keys(), t.caller(), time, t.queueResult());
            List<String> failures = new ArrayList<>();
            if (t.endStep() != null && !t.endStep().equals(tr.outcome().lastStep())) {
                failures.add("ended at step " + tr.outcome().lastStep() + ", expected " + t.endStep());
            }
            if (t.queue() != null && !t.queue().equals(tr.queue())) {
                failures.add("reached queue " + tr.queue() + ", expected " + t.queue());
            }
            t.variables().forEach((k, v) -> {
                String actual = tr.outcome().variables().get(k);
                // An expected empty value means "unset or empty".
                boolean same = v.isEmpty() ? actual == null || actual.isEmpty() : Objects.equals(v, actual);
                if (!same) {
                    failures.add("variable " + k + " is " + (actual == null ? "unset" : "'" + actual + "'")
                            + ", expected '" + v + "'");
                }
            });
            results.add(new TestResult(t, failures.isEmpty(), failures));
        }
        return results;
    }

    /** A caller who answers each request for keys with the next scripted entry and never types during prompts. */
    private static final class ScriptedCaller implements CallChannel {
        private final Deque<String> keys;
        private final QueueResult queueResult;
        private final List<String> lines = new ArrayList<>();
        private String queue;
        private int silent;

        ScriptedCaller(List<String> keys, QueueResult queueResult) {
            this.keys = new ArrayDeque<>(keys);
            this.queueResult = queueResult == null ? QueueResult.CONNECTED : queueResult;
        }

        @Override
        public CompletionStage<String> play(List<String> prompts, String escapeDigits) {
            lines.add("play " + String.join(" ", prompts));
            return CompletableFuture.completedFuture("");
        }

        @Override
        public CompletionStage<String> read(List<String> leadIn, List<String> prompts, int maxDigits,
                                            Duration timeout) {
            // The transcript shows each step's prompts on a line of their own, as they were written.
            if (!leadIn.isEmpty()) {
                lines.add("play " + String.join(" ", leadIn));
            }
            return read(prompts, maxDigits, timeout);
        }

        @Override
        public CompletionStage<String> read(List<String> prompts, int maxDigits, Duration timeout) {
            if (!prompts.isEmpty()) {
                lines.add("play " + String.join(" ", prompts));
            }
            if (keys.isEmpty() && ++silent > SILENT_READS) {
                lines.add("caller hangs up");
                return CompletableFuture.failedFuture(new CallerHungUpException());
            }
            String k = keys.isEmpty() ? "" : keys.poll();
            lines.add(k.isEmpty() ? "caller: (silence)" : "caller presses " + k);
            return CompletableFuture.completedFuture(k.length() > maxDigits ? k.substring(0, maxDigits) : k);
        }

        @Override
        public CompletionStage<QueueResult> queue(QueueRequest request) {
            queue = request.queue();
            lines.add("queue " + request.queue() + " priority " + request.priority()
                    + (request.skills().isEmpty() ? "" : " skills " + new TreeMap<>(request.skills()))
                    + " -> " + queueResult.name().toLowerCase());
            return CompletableFuture.completedFuture(queueResult);
        }

        @Override
        public CompletionStage<Void> hangup() {
            lines.add("hangup");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<String> say(Prompt.SayKind kind, String value, String escapeDigits) {
            lines.add("say " + kind.name().toLowerCase() + " " + value);
            return CompletableFuture.completedFuture("");
        }

        @Override
        public CompletionStage<Void> language(String language) {
            lines.add("language " + language);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Recording> record(String mailbox, Duration maxLength) {
            lines.add("record message for mailbox " + mailbox);
            return CompletableFuture.completedFuture(new Recording(mailbox, "simulated", "wav", 0));
        }

        @Override
        public CompletionStage<Void> transfer(String destination) {
            lines.add("transfer to " + destination);
            return CompletableFuture.completedFuture(null);
        }
    }

}
