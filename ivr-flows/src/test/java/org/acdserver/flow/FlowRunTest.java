package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRunTest {

    private static final String MAIN = """
            name: main
            start: welcome
            steps:
              welcome: {type: play, prompts: [hello], next: menu}
              menu:
                type: menu
                prompts: [press-1-sales, press-2-support]
                choices: {"1": sales, "2": support}
                timeout: 3
                retries: 1
                invalid: [please-try-again]
                noInput: [please-try-again]
                fallback: goodbye
              sales: {type: queue, queue: sales, next: goodbye}
              support: {type: queue, queue: support, next: goodbye}
              goodbye: {type: hangup, prompts: [vm-goodbye]}
            """;

    private FlowOutcome run(ScriptedChannel channel) throws Exception {
        Flow flow = new FlowLoader().parse(MAIN, "main.yaml");
        return new FlowRun(flow, channel).start().toCompletableFuture().get();
    }

    @Test
    void pressingTwoReachesSupport() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "2");
        FlowOutcome out = run(ch);
        assertThat(ch.queues).containsExactly("support");
        assertThat(out.path()).containsExactly("welcome", "menu", "menu=2", "support", "support=connected", "goodbye");
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.COMPLETED);
        assertThat(out.connected()).isTrue();
        assertThat(ch.hungUp).isTrue();
    }

    @Test
    void aKeyPressedDuringTheGreetingIsTakenByTheMenu() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "1");
        FlowOutcome out = run(ch);
        assertThat(ch.queues).containsExactly("sales");
        assertThat(ch.played).doesNotContain("press-1-sales");
        assertThat(out.path()).contains("menu=1");
    }

    @Test
    void invalidKeysThenSilenceEndAtTheFallback() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "7", "", "");
        FlowOutcome out = run(ch);
        assertThat(ch.queues).isEmpty();
        assertThat(ch.played).contains("please-try-again");
        assertThat(out.path()).containsExactly("welcome", "menu", "menu=invalid:7", "menu=no-input", "goodbye");
        assertThat(out.queued()).isFalse();
    }

    @Test
    void theGreetingAndEachComplaintLeadIntoTheMenusReadSoNoKeyFallsBetweenTwoCommands() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "7", "", "");
        run(ch);
        // Three reads: the first try with the greeting before it, the retry with its complaint before it.
        assertThat(ch.leadIns).containsExactly(List.of("hello"), List.of("please-try-again"));
        assertThat(ch.played).containsSubsequence("hello", "press-1-sales", "please-try-again", "press-1-sales");
    }

    @Test
    void aGreetingThatSpeaksAValueIsPlayedOnItsOwnAndAKeyInItStillCounts() throws Exception {
        String flowText = """
                name: said
                start: welcome
                steps:
                  welcome: {type: play, prompts: [hello, {say: number, value: "42"}], next: menu}
                  menu:
                    type: menu
                    prompts: [press-1-sales]
                    choices: {"1": sales}
                    timeout: 3
                    retries: 0
                    fallback: goodbye
                  sales: {type: queue, queue: sales, next: goodbye}
                  goodbye: {type: hangup}
                """;
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "1");
        FlowOutcome out = new FlowRun(new FlowLoader().parse(flowText, "said.yaml"), ch).start()
                .toCompletableFuture().get();
        assertThat(ch.said).containsExactly("number:42");
        assertThat(ch.leadIns).isEmpty();
        assertThat(ch.queues).containsExactly("sales");
        assertThat(out.path()).contains("menu=1");
    }

    @Test
    void callerHangingUpInTheMenuIsRecordedAtThatStep() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", null);
        FlowOutcome out = run(ch);
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.CALLER_HUNG_UP);
        assertThat(out.lastStep()).isEqualTo("menu");
    }

    @Test
    void aRunStartedAtItsQueueStepGoesOnFromThereAndTheRequestNamesTheStep() throws Exception {
        Flow flow = new FlowLoader().parse(MAIN, "main.yaml");
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = new FlowRun(flow, ch).startAt("support").toCompletableFuture().get();
        assertThat(ch.played).doesNotContain("hello");
        assertThat(ch.queues).containsExactly("support");
        assertThat(ch.requests).singleElement().extracting(QueueRequest::step).isEqualTo("support");
        assertThat(out.path()).containsExactly("support", "support=connected", "goodbye");
    }

    @Test
    void aRunStartedAtAStepThatIsGoneStartsAtTheBeginning() throws Exception {
        Flow flow = new FlowLoader().parse(MAIN, "main.yaml");
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "1");
        FlowOutcome out = new FlowRun(flow, ch).startAt("billing").toCompletableFuture().get();
        assertThat(out.path()).startsWith("welcome", "menu");
        assertThat(ch.queues).containsExactly("sales");
    }
}
