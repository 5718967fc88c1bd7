package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of error: the message, the line and the column. */
class FlowValidationTest {

    private static List<FlowProblem> problems(String yaml) {
        try {
            new FlowLoader().parse(yaml, "f.yaml");
            return List.of();
        } catch (InvalidFlowException e) {
            return e.problems();
        }
    }

    private static FlowProblem only(String yaml) {
        List<FlowProblem> p = problems(yaml);
        assertThat(p).hasSize(1);
        return p.get(0);
    }

    private static void at(FlowProblem p, int line, int column, String text) {
        assertThat(p.message()).contains(text);
        assertThat(p.file()).isEqualTo("f.yaml");
        assertThat(p.line()).as(p.toString()).isEqualTo(line);
        assertThat(p.column()).as(p.toString()).isEqualTo(column);
    }

    @Test
    void unknownStepReference() {
        at(only("""
                name: f
                start: a
                steps:
                  a: {type: play, prompts: [x], next: nowhere}
                  b: {type: hangup}
                """.replace("  b: {type: hangup}\n", "")), 4, 33, "goes to unknown step 'nowhere'");
    }

    @Test
    void aDisplayListOfSomethingOtherThanVariableNames() {
        at(only("""
                name: f
                start: q
                steps:
                  q:
                    type: queue
                    queue: sales
                    display: [customer.name, {say: number}, segment]
                    next: bye
                  bye: {type: hangup}
                """), 7, 30, "queue step 'q' display must list variable names");
        at(only("""
                name: f
                start: q
                steps:
                  q: {type: queue, queue: sales, display: customer.name, next: bye}
                  bye: {type: hangup}
                """), 4, 43, "queue step 'q' display must be a list of variable names");
    }

    @Test
    void unreachableStep() {
        at(only("""
                name: f
                start: a
                steps:
                  a: {type: hangup}
                  island: {type: hangup}
                """), 5, 3, "step 'island' can never be reached");
    }

    @Test
    void deadEndWithoutAnExit() {
        at(only("""
                name: f
                start: a
                steps:
                  a: {type: play, prompts: [x]}
                """), 4, 3, "dead end: step 'a' has no next");
    }

    @Test
    void deadEndWhereNoPathHangsUp() {
        FlowProblem p = problems("""
                name: f
                start: a
                steps:
                  a:
                    type: menu
                    prompts: [x]
                    choices: {"1": a}
                    fallback: a
                """).get(0);
        at(p, 4, 3, "dead end: no path from step 'a' ends with a hangup or transfer");
    }

    @Test
    void loopThatTakesNoInput() {
        List<FlowProblem> p = problems("""
                name: f
                start: a
                steps:
                  a: {type: play, prompts: [x], next: b}
                  b:
                    type: branch
                    cases: [{if: "x == '1'", next: bye}]
                    otherwise: a
                  bye: {type: hangup}
                """);
        assertThat(p).hasSize(1);
        at(p.get(0), 4, 3, "steps a, b form a loop that never waits for the caller");
    }

    @Test
    void invalidRegularExpressions() {
        at(only("""
                name: f
                start: c
                steps:
                  c: {type: collect, prompts: [x], into: n, pattern: "[0-9", next: bye, fallback: bye}
                  bye: {type: hangup}
                """), 4, 55, "invalid regular expression '[0-9'");
        at(only("""
                name: f
                start: b
                steps:
                  b:
                    type: branch
                    cases: [{if: "matches(caller, '(5')", next: bye}]
                    otherwise: bye
                  bye: {type: hangup}
                """), 6, 19, "invalid regular expression '(5'");
    }

    @Test
    void expressionSyntaxIsReportedAtItsColumn() {
        at(only("""
                name: f
                start: b
                steps:
                  b:
                    type: branch
                    cases:
                      - if: caller == == 1
                        next: bye
                    otherwise: bye
                  bye: {type: hangup}
                """), 7, 23, "unexpected '='");
    }

    @Test
    void aQuotedExpressionsErrorColumnCountsFromItsFirstCharacter() {
        at(only("""
                name: f
                start: b
                steps:
                  b:
                    type: branch
                    cases: [{if: "caller === 1", next: bye}]
                    otherwise: bye
                  bye: {type: hangup}
                """), 6, 28, "unexpected '='");
    }

    @Test
    void duplicateKeys() {
        List<FlowProblem> p = problems("""
                name: f
                start: m
                steps:
                  m:
                    type: menu
                    prompts: [x]
                    choices:
                      "1": bye
                      "1": bye
                    fallback: bye
                  bye: {type: hangup}
                """);
        assertThat(p).hasSize(1);
        at(p.get(0), 9, 7, "duplicate key '1' (first written on line 8)");
    }

    private static final String USES = """
            name: f
            start: h
            steps:
              h: {type: hours, schedule: weekends, open: l, closed: l}
              l: {type: lookup, query: nope, with: {phone: caller}, next: s, onError: s}
              s: {type: subflow, flow: other, next: q}
              q: {type: queue, queue: sales, next: bye}
              bye: {type: hangup, prompts: [vm-goodbye, no-such-sound]}
            """;

    @Test
    void unknownQueuesSchedulesQueriesAndFlows() throws Exception {
        Flow f = new FlowLoader().parse(USES, "f.yaml");
        List<FlowProblem> p = new FlowValidator(Set.of("support"), Set.of("office"), Map.of(), List.of())
                .check(Map.of("f", f));
        assertThat(p).hasSize(4);
        at(p.get(0), 4, 20, "names unknown schedule 'weekends'");
        at(p.get(1), 5, 21, "names unknown query 'nope'");
        at(p.get(2), 6, 22, "calls unknown flow 'other'");
        at(p.get(3), 7, 20, "names unknown queue 'sales'");
    }

    @Test
    void queueStepsMayNeedOnlyDeclaredSkills() throws Exception {
        Flow f = new FlowLoader().parse("""
                name: f
                start: q
                steps:
                  q: {type: queue, queue: sales, skills: {spanish: 5, klingon: 2}, next: bye}
                  bye: {type: hangup}
                """, "f.yaml");
        List<FlowProblem> p = new FlowValidator(Set.of("sales"), Set.of("spanish"), Set.of(), Map.of(), List.of())
                .check(Map.of("f", f));
        assertThat(p).singleElement().satisfies(x -> assertThat(x.toString())
                .contains("f.yaml:4").contains("needs unknown skill 'klingon'"));
        assertThat(new FlowValidator(Set.of("sales"), Set.of(), Map.of(), List.of()).check(Map.of("f", f)))
                .as("without declared skills nothing is checked").isEmpty();
    }

    @Test
    void lookupArgumentsMustMatchTheQueryParameters() throws Exception {
        Flow f = new FlowLoader().parse(USES.replace("flow: other", "flow: f"), "f.yaml");
        NamedQuery q = new NamedQuery("nope", "SELECT 1 FROM customer WHERE phone = ? AND name = ?",
                List.of("phone", "name"));
        List<FlowProblem> p = new FlowValidator(Set.of("sales"), Set.of("weekends"), Map.of("nope", q), List.of())
                .check(Map.of("f", f));
        assertThat(p).singleElement().satisfies(x -> at(x, 5, 34, "exactly its parameters [phone, name]"));
    }

    @Test
    void promptsWithoutASoundFile(@TempDir Path sounds) throws Exception {
        Files.createDirectories(sounds.resolve("en/digits"));
        Files.writeString(sounds.resolve("en/vm-goodbye.gsm"), "");
        Files.writeString(sounds.resolve("en/digits/1.gsm"), "");
        Flow f = new FlowLoader().parse(USES.replace("flow: other", "flow: f"), "f.yaml");
        List<FlowProblem> p = new FlowValidator(Set.of("sales"), Set.of("weekends"),
                Map.of("nope", new NamedQuery("nope", "SELECT 1 WHERE 1 = ?", List.of("phone"))), List.of(sounds))
                .check(Map.of("f", f));
        assertThat(p).singleElement().satisfies(x -> at(x, 8, 23, "prompt 'no-such-sound' has no sound file"));
    }

    @Test
    void namedQueriesAreSingleSelectsWithOneMarkPerParameter() {
        assertThatThrownBy(() -> new NamedQuery("q", "DELETE FROM customer WHERE phone = ?", List.of("p")))
                .hasMessageContaining("must be a SELECT");
        assertThatThrownBy(() -> new NamedQuery("q", "SELECT 1; DROP TABLE customer", List.of()))
                .hasMessageContaining("one statement");
        assertThatThrownBy(() -> new NamedQuery("q", "SELECT 1 WHERE a = ?", List.of()))
                .hasMessageContaining("1 ? marks but 0 parameters");
    }

    @Test
    void everyProblemOfAFileIsReportedInOnePass() {
        List<FlowProblem> p = problems("""
                name: f
                start: a
                steps:
                  a: {type: menu, prompts: [x], choices: {"1": b, "22": b}, timeout: 99, fallback: gone}
                  b: {type: collect, prompts: [x], into: 9bad, pattern: "(", next: a, fallback: a}
                """);
        assertThat(p).extracting(FlowProblem::message)
                .anyMatch(m -> m.contains("'22' is not a single key"))
                .anyMatch(m -> m.contains("timeout must be 1-60"))
                .anyMatch(m -> m.contains("unknown step 'gone'"))
                .anyMatch(m -> m.contains("'9bad' is not a variable name"))
                .anyMatch(m -> m.contains("invalid regular expression"));
    }
}
