package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows at the edges of what the loader and validator take: tens of thousands of steps, files that are not UTF-8,
 * and flows that call each other as subflows.
 */
class FlowLimitsTest {

    private static final int MANY = 40_000;

    /** {@code n} set steps in a row, none waiting for the caller, then a hang-up. */
    private static String chainOfSetSteps(int n, String lastTarget) {
        StringBuilder b = new StringBuilder("name: long\nstart: s0\nsteps:\n");
        for (int i = 0; i < n; i++) {
            String next = i == n - 1 ? lastTarget : "s" + (i + 1);
            b.append("  s").append(i).append(": {type: set, variables: {x: \"'").append(i).append("'\"}, next: ")
                    .append(next).append("}\n");
        }
        b.append("  bye: {type: hangup}\n");
        return b.toString();
    }

    @Test
    void aFlowOfTensOfThousandsOfStepsIsValidated() throws Exception {
        Flow flow = new FlowLoader().parse(chainOfSetSteps(MANY, "bye"), "long.yaml");
        assertThat(flow.steps()).hasSize(MANY + 1);
    }

    @Test
    void aLoopOfTensOfThousandsOfStepsThatNeverWaitsIsReportedNotOverflowed() {
        assertThatThrownBy(() -> new FlowLoader().parse(chainOfSetSteps(MANY, "s0").replace(
                "  bye: {type: hangup}\n", ""), "long.yaml"))
                .isInstanceOf(InvalidFlowException.class)
                .satisfies(e -> assertThat(((InvalidFlowException) e).problems())
                        .anySatisfy(p -> {
                            assertThat(p.toString()).startsWith("long.yaml:4:3: ");
                            assertThat(p.message()).contains("form a loop that never waits for the caller");
                        }));
    }

    @Test
    void aFileThatIsNotUtf8IsNamedWithItsPosition(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.yaml"), """
                name: good
                start: bye
                steps:
                  bye: {type: hangup}
                """);
        // "café" in ISO-8859-1: 0xE9 is no UTF-8 sequence. Line 3, after "  # caf".
        byte[] latin1 = "name: bad\nstart: bye\n  # caf\u00e9\nsteps:\n  bye: {type: hangup}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("bad.yaml"), latin1);
        assertThatThrownBy(() -> new FlowLoader().loadDirectory(dir))
                .isInstanceOf(InvalidFlowException.class)
                .satisfies(e -> assertThat(((InvalidFlowException) e).problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo(dir.resolve("bad.yaml").toString());
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.column()).isEqualTo(8);
                    assertThat(p.message()).contains("not UTF-8").contains("0xE9");
                }));
    }

    private static Flow flow(String name, String yaml) throws InvalidFlowException {
        return new FlowLoader().parse(yaml, name + ".yaml");
    }

    @Test
    void flowsCallingEachOtherAsSubflowsAreRejectedWithTheChain() throws Exception {
        Flow a = flow("a", """
                name: a
                start: greet
                steps:
                  greet: {type: play, prompts: [hello], next: more}
                  more: {type: subflow, flow: b, next: bye}
                  bye: {type: hangup}
                """);
        Flow b = flow("b", """
                name: b
                start: ask
                steps:
                  ask: {type: menu, prompts: [x], choices: {"1": back}, fallback: done}
                  back: {type: subflow, flow: a, next: done}
                  done: {type: return}
                """);
        Flow c = flow("c", """
                name: c
                start: go
                steps:
                  go: {type: subflow, flow: a, next: bye}
                  bye: {type: hangup}
                """);
        List<FlowProblem> problems = new FlowValidator(Set.of(), Set.of(), Map.of(), List.of())
                .check(Map.of("a", a, "b", b, "c", c));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("a.yaml");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.column()).isEqualTo(25);
            assertThat(p.message()).contains("a -> b -> a")
                    .contains("a.yaml:5:25 -> b.yaml:5:25");
        });
    }

    @Test
    void aLongerChainOfSubflowsIsNamedWhole() throws Exception {
        Flow a = flow("a", "name: a\nstart: s\nsteps:\n  s: {type: subflow, flow: b, next: bye}\n"
                + "  bye: {type: hangup}\n");
        Flow b = flow("b", "name: b\nstart: s\nsteps:\n  s: {type: subflow, flow: c, next: r}\n"
                + "  r: {type: return}\n");
        Flow c = flow("c", "name: c\nstart: s\nsteps:\n  s: {type: subflow, flow: a, next: r}\n"
                + "  r: {type: return}\n");
        List<FlowProblem> problems = new FlowValidator(Set.of(), Set.of(), Map.of(), List.of())
                .check(Map.of("c", c, "b", b, "a", a));
        assertThat(problems).singleElement().satisfies(p ->
                assertThat(p.toString()).startsWith("a.yaml:4:22: ").contains("a -> b -> c -> a"));
    }

    @Test
    void subflowsWithoutALoopPass() throws Exception {
        Flow a = flow("a", "name: a\nstart: s\nsteps:\n  s: {type: subflow, flow: b, next: t}\n"
                + "  t: {type: subflow, flow: b, next: bye}\n  bye: {type: hangup}\n");
        Flow b = flow("b", "name: b\nstart: r\nsteps:\n  r: {type: return}\n");
        assertThat(new FlowValidator(Set.of(), Set.of(), Map.of(), List.of()).check(Map.of("a", a, "b", b)))
                .isEmpty();
    }
}
