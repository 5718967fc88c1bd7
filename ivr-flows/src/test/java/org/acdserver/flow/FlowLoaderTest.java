package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowLoaderTest {

    private final FlowLoader loader = new FlowLoader();

    @Test
    void unknownStepReferenceIsReportedWithItsLine() {
        String text = """
                name: main
                start: menu
                steps:
                  menu:
                    type: menu
                    prompts: [x]
                    choices: {"1": salse}
                    fallback: bye
                  bye: {type: hangup}
                """;
        assertThatThrownBy(() -> loader.parse(text, "main.yaml"))
                .isInstanceOf(InvalidFlowException.class)
                .satisfies(e -> assertThat(((InvalidFlowException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.line()).isEqualTo(7);
                            assertThat(p.column()).isEqualTo(15);
                            assertThat(p.message()).contains("unknown step 'salse'");
                        }));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String text = """
                name: main
                start: nowhere
                steps:
                  a: {type: dance}
                  b: {type: play, next: a}
                """;
        assertThatThrownBy(() -> loader.parse(text, "main.yaml"))
                .isInstanceOfSatisfying(InvalidFlowException.class, e -> assertThat(e.problems())
                        .extracting(FlowProblem::message)
                        .anyMatch(m -> m.contains("unknown type 'dance'"))
                        .anyMatch(m -> m.contains("needs prompts"))
                        .anyMatch(m -> m.contains("start names unknown step 'nowhere'")));
    }

    @Test
    void queueStepsCarryPriorityAndSkills() throws Exception {
        Flow flow = loader.parse("""
                name: vip
                start: q
                steps:
                  q: {type: queue, queue: sales, priority: 5, skills: {spanish: 5}, next: bye}
                  bye: {type: hangup}
                """, "vip.yaml");
        Step.Queue q = (Step.Queue) flow.step("q");
        assertThat(q.priority()).isEqualTo(5);
        assertThat(q.skills()).containsEntry("spanish", 5);
        assertThatThrownBy(() -> loader.parse("""
                name: bad
                start: q
                steps:
                  q: {type: queue, queue: sales, skills: {spanish: 11}, next: q}
                """, "bad.yaml")).hasMessageContaining("bad.yaml:4").hasMessageContaining("1-10");
    }

    @Test
    void duplicateKeysAreRejected() {
        String text = """
                name: main
                start: a
                steps:
                  a: {type: hangup}
                  a: {type: hangup}
                """;
        assertThatThrownBy(() -> loader.parse(text, "main.yaml"))
                .isInstanceOfSatisfying(InvalidFlowException.class, e -> assertThat(e.getMessage())
                        .contains("main.yaml:5:3").contains("duplicate key 'a'"));
    }

    @Test
    void promptsThatCouldInjectAgiCommandsAreRejected() {
        String text = """
                name: main
                start: a
                steps:
                  a: {type: hangup, prompts: ["beep\\nEXEC System rm"]}
                """;
        assertThatThrownBy(() -> loader.parse(text, "main.yaml"))
                .isInstanceOfSatisfying(InvalidFlowException.class, e -> assertThat(e.getMessage())
                        .contains("may only hold"));
    }

    @Test
    void twoFilesWithOneFlowNameAreReportedAtTheSecondName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: main\nstart: x\nsteps:\n  x: {type: hangup}\n");
        Files.writeString(dir.resolve("b.yaml"), "# copy\nname:   main\nstart: x\nsteps:\n  x: {type: hangup}\n");
        assertThatThrownBy(() -> loader.loadDirectory(dir)).isInstanceOfSatisfying(InvalidFlowException.class,
                e -> assertThat(e.getMessage()).isEqualTo(dir.resolve("b.yaml") + ":2:9: flow name main is used by"
                        + " another file (" + dir.resolve("a.yaml") + ")"));
    }
}
