package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;


/** Each step type against a scripted caller. */
class StepTypesTest {

    private static final Instant TUESDAY_10_UTC = Instant.parse("2026-11-24T10:00:00Z");
    private static final Schedule OFFICE = new Schedule("office", ZoneId.of("Europe/Berlin"),
            Map.of(DayOfWeek.TUESDAY, List.of(Schedule.Range.parse("08:00-18:00"))),
            Set.of(LocalDate.parse("2026-12-25")),
            Map.of(LocalDate.parse("2026-12-01"), List.of()));

    private Lookups lookups = Lookups.NONE;
    private Instant now = TUESDAY_10_UTC;
    private final List<Map<String, String>> lookupArgs = new ArrayList<>();

    private FlowOutcome run(String yaml, ScriptedChannel ch, Flow... others) throws Exception {
        Flow flow = new FlowLoader().parse(yaml, "test.yaml");
        Map<String, Flow> flows = new HashMap<>();
        flows.put(flow.name(), flow);
        for (Flow o : others) {
            flows.put(o.name(), o);
        }
        FlowEnvironment env = new FlowEnvironment(flows, Map.of("office", OFFICE), lookups,
                Clock.fixed(now, ZoneOffset.UTC));
        return new FlowRun(flow, ch, env, Map.of("caller", "5550100", "called", "100"), Runnable::run).start()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void playSaysNumbersDigitsDatesAndCurrencyBetweenSounds() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: p
                steps:
                  p:
                    type: play
                    prompts:
                      - hello
                      - {say: number, value: "40 + 2"}
                      - {say: digits, value: caller}
                      - {say: date, value: date}
                      - {say: currency, value: "12.345", unit: digits/dollars, subunit: cents}
                    next: bye
                  bye: {type: hangup}
                """, ch);
        assertThat(ch.played).containsExactly("hello", "digits/dollars", "cents");
        assertThat(ch.said).containsExactly("number:42", "digits:5550100", "date:2026-11-24", "number:12",
                "number:35");
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.COMPLETED);
    }

    @Test
    void aKeyDuringPlayStopsTheRestAndGoesToTheMenu() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "2");
        FlowOutcome out = run("""
                name: t
                start: p
                steps:
                  p: {type: play, prompts: [a, {say: number, value: "1"}, b], next: m}
                  m: {type: menu, prompts: [menu], choices: {"2": bye}, fallback: bye}
                  bye: {type: hangup}
                """, ch);
        assertThat(ch.said).isEmpty();
        assertThat(ch.played).containsExactly("a");
        assertThat(out.path()).contains("m=2");
    }

    @Test
    void menuSavesTheChosenKey() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "1");
        FlowOutcome out = run("""
                name: t
                start: m
                steps:
                  m: {type: menu, prompts: [consent], choices: {"1": bye}, saveAs: agreed, fallback: bye}
                  bye: {type: hangup}
                """, ch);
        assertThat(out.variables()).containsEntry("agreed", "1");
    }

    private static final String COLLECT = """
            name: t
            start: c
            steps:
              c:
                type: collect
                prompts: [enter-account]
                into: account
                minDigits: 4
                maxDigits: 6
                terminator: "#"
                pattern: "[1-9][0-9]*"
                retries: 2
                invalid: [invalid]
                confirm: [you-entered, {say: digits, value: account}, if-correct-press, digits/1]
                next: ok
                fallback: bye
              ok: {type: hangup, prompts: [thanks]}
              bye: {type: hangup}
            """;

    @Test
    void collectChecksLengthAndPatternThenAsksForConfirmation() throws Exception {
        // "12" too short, "0123" fails the pattern, "4567#" is read back, "2" rejects it, "4568", "1" confirms.
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "12", "", "0123", "", "4567#", "", "2",
                "4568", "", "1");
        ch.played.clear();
        FlowOutcome out = run(COLLECT.replace("retries: 2", "retries: 3"), ch);
        assertThat(out.variables()).containsEntry("account", "4568");
        assertThat(out.lastStep()).isEqualTo("ok");
        assertThat(out.path()).containsSubsequence("c=invalid", "c=invalid", "c=not-confirmed", "c=ok");
        assertThat(ch.said).containsExactly("digits:4567", "digits:4568");
        assertThat(ch.played).contains("invalid", "you-entered");
    }

    @Test
    void collectFallsBackAfterItsRetries() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "", "", "", "", "", "");
        FlowOutcome out = run(COLLECT, ch);
        assertThat(out.lastStep()).isEqualTo("bye");
        assertThat(out.variables()).doesNotContainKey("account");
        assertThat(out.path()).filteredOn("c=no-input"::equals).hasSize(3);
    }

    private static final String LOOKUP = """
            name: t
            start: l
            steps:
              l:
                type: lookup
                query: customer-by-phone
                with: {phone: caller}
                into: customer
                timeout: 0.3
                next: vip
                onError: err
              vip:
                type: branch
                cases:
                  - {if: "customer.vip == 'true' and customer.balance > 100", next: gold}
                  - {if: "customer.found == 'true'", next: known}
                otherwise: unknown
              gold: {type: hangup, prompts: [gold]}
              known: {type: hangup, prompts: [known]}
              unknown: {type: hangup, prompts: [unknown]}
              err: {type: hangup, prompts: [sorry]}
            """;

    @Test
    void lookupResultsBecomeVariablesAndBranchTakesTheFirstMatch() throws Exception {
        lookups = (q, args, timeout) -> {
            lookupArgs.add(args);
            return CompletableFuture.completedFuture(Map.of("vip", "true", "balance", "1250.50"));
        };
        FlowOutcome out = run(LOOKUP, new ScriptedChannel(QueueResult.CONNECTED));
        assertThat(lookupArgs).containsExactly(Map.of("phone", "5550100"));
        assertThat(out.lastStep()).isEqualTo("gold");
        assertThat(out.variables()).containsEntry("customer.balance", "1250.50").containsEntry("customer.found",
                "true");

        lookups = (q, args, timeout) -> CompletableFuture.completedFuture(Map.of());
        assertThat(run(LOOKUP, new ScriptedChannel(QueueResult.CONNECTED)).lastStep()).isEqualTo("unknown");
    }

    @Test
    void aFailingOrSilentDatabaseTakesTheErrorBranchWithinTheTimeout() throws Exception {
        lookups = (q, args, timeout) -> CompletableFuture.failedFuture(new SQLException("down"));
        FlowOutcome failed = run(LOOKUP, new ScriptedChannel(QueueResult.CONNECTED));
        assertThat(failed.lastStep()).isEqualTo("err");
        assertThat(failed.variables()).containsEntry("customer.error", "SQLException");

        lookups = (q, args, timeout) -> new CompletableFuture<>(); // never answers
        long t0 = System.nanoTime();
        FlowOutcome silent = run(LOOKUP, new ScriptedChannel(QueueResult.CONNECTED));
        assertThat(silent.lastStep()).isEqualTo("err");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void setGivesPrioritySkillsLanguageAndVariablesToTheQueue() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: s
                steps:
                  s:
                    type: set
                    variables: {segment: "'vip'", target: "'sa' + 'les'"}
                    priority: "3 * 3 + 1"
                    skills: {spanish: 4}
                    language: es
                    next: q
                  q: {type: queue, queueFrom: target, skills: {billing: 2}, music: jazz, announceEvery: 30,
                      callbackKey: "*", whisper: [segment, nothing, priority], display: [target, nothing, segment],
                      next: bye}
                  bye: {type: hangup}
                """, ch);
        assertThat(ch.languages).containsExactly("es");
        QueueRequest r = ch.requests.get(0);
        assertThat(r.queue()).isEqualTo("sales");
        assertThat(r.priority()).isEqualTo(10);
        assertThat(r.skills()).containsEntry("spanish", 4).containsEntry("billing", 2);
        assertThat(r.musicClass()).isEqualTo("jazz");
        assertThat(r.announceEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.callbackKey()).isEqualTo("*");
        // What the agent of a callback will hear: the listed variables that have a value, in the listed order.
        assertThat(r.whisper()).containsExactly(Map.entry("segment", "vip"),
                Map.entry("priority", "10"));
        // What the agent's screen pop shows: likewise, in the order the display list names them.
        assertThat(r.display()).containsExactly(Map.entry("target", "sales"), Map.entry("segment", "vip"));
        assertThat(out.variables()).containsEntry("segment", "vip").containsEntry("language", "es");
        assertThat(out.connected()).isTrue();
    }

    private static final String HOURS = """
            name: t
            start: h
            steps:
              h: {type: hours, schedule: office, open: open, closed: closed}
              open: {type: hangup, prompts: [open]}
              closed: {type: hangup, prompts: [closed]}
            """;

    @Test
    void hoursFollowTheWeeklyPlanHolidaysAndExceptionsInTheScheduleZone() throws Exception {
        now = Instant.parse("2026-11-24T10:00:00Z"); // Tuesday 11:00 in Berlin
        assertThat(run(HOURS, new ScriptedChannel(QueueResult.CONNECTED)).lastStep()).isEqualTo("open");
        now = Instant.parse("2026-11-24T17:30:00Z"); // Tuesday 18:30 in Berlin
        assertThat(run(HOURS, new ScriptedChannel(QueueResult.CONNECTED)).lastStep()).isEqualTo("closed");
        now = Instant.parse("2026-11-25T10:00:00Z"); // Wednesday: not in the plan
        assertThat(run(HOURS, new ScriptedChannel(QueueResult.CONNECTED)).lastStep()).isEqualTo("closed");
        now = Instant.parse("2026-12-01T10:00:00Z"); // a Tuesday closed by exception
        assertThat(run(HOURS, new ScriptedChannel(QueueResult.CONNECTED)).path()).contains("h=closed");
        assertThat(OFFICE.isOpen(Instant.parse("2026-12-08T07:00:00Z"))).isTrue();
        assertThat(OFFICE.isOpen(LocalDate.parse("2026-12-08").atTime(LocalTime.of(7, 59))
                .atZone(ZoneId.of("Europe/Berlin")).toInstant())).isFalse();
    }

    private static final String QUEUE = """
            name: t
            start: q
            steps:
              q: {type: queue, queue: sales, priority: 5, next: survey, fallback: sorry, afterCallback: cb}
              survey: {type: hangup, prompts: [after-agent]}
              sorry: {type: hangup, prompts: [sorry]}
              cb: {type: hangup, prompts: [we-will-call]}
            """;

    @Test
    void queueFollowsEachResult() throws Exception {
        assertThat(run(QUEUE, new ScriptedChannel(QueueResult.CONNECTED)).lastStep()).isEqualTo("survey");
        FlowOutcome notServed = run(QUEUE, new ScriptedChannel(QueueResult.NOT_SERVED));
        assertThat(notServed.lastStep()).isEqualTo("sorry");
        assertThat(notServed.connected()).isFalse();
        assertThat(run(QUEUE, new ScriptedChannel(QueueResult.CALLBACK_ACCEPTED)).lastStep()).isEqualTo("cb");
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CALLBACK_ACCEPTED);
        FlowOutcome ended = run("""
                name: t
                start: q
                steps:
                  q: {type: queue, queue: sales, next: bye}
                  bye: {type: hangup}
                """, ch);
        assertThat(ended.path()).doesNotContain("bye");
        assertThat(ch.hungUp).isTrue();
        assertThat(ch.requests.get(0).priority()).isZero();
    }

    @Test
    void voicemailRecordsForTheMailbox() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: v
                steps:
                  v: {type: voicemail, mailbox: sales, prompts: [leave-a-message], maxSeconds: 60, next: bye}
                  bye: {type: hangup}
                """, ch);
        assertThat(ch.recorded).containsExactly("sales");
        assertThat(out.voicemail().file()).isEqualTo("acd/vm-sales");
        assertThat(out.variables()).containsEntry("voicemail.file", "acd/vm-sales");
        assertThat(out.queued()).isFalse();
    }

    @Test
    void transferEndsTheFlowAtTheDestination() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: s
                steps:
                  s: {type: set, variables: {ext: "'2' + '01'"}, next: x}
                  x: {type: transfer, to: ext, prompts: [transferring]}
                """, ch);
        assertThat(ch.transfers).containsExactly("201");
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.TRANSFERRED);
        assertThat(out.transferredTo()).isEqualTo("201");

        ScriptedChannel bad = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome refused = run("""
                name: t
                start: s
                steps:
                  s: {type: set, variables: {ext: "'1 2;x'"}, next: x}
                  x: {type: transfer, to: ext}
                """, bad);
        assertThat(bad.transfers).isEmpty();
        assertThat(refused.ending()).isEqualTo(FlowOutcome.Ending.FAILED);
    }

    private static final String SURVEY = """
            name: t
            start: consent
            steps:
              consent: {type: menu, prompts: [survey-ok], choices: {"1": q, "2": q}, saveAs: ok, fallback: q}
              q: {type: queue, queue: sales, next: survey}
              survey:
                type: survey
                when: "ok == '1'"
                questions:
                  - {kind: csat, prompts: [csat]}
                  - {kind: nps, prompts: [nps]}
                  - {kind: ces, prompts: [ces]}
                next: bye
              bye: {type: hangup}
            """;

    @Test
    void surveyAsksOnlyCallersWhoAgreedAndRetriesOutOfRangeAnswersOnce() throws Exception {
        // csat 9 is out of range, then 4; nps 10; ces 7 and 8 are out of range twice: skipped.
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "1", "9", "4", "10", "7", "8");
        FlowOutcome out = run(SURVEY, ch);
        assertThat(out.survey()).containsOnly(Map.entry("csat", 4), Map.entry("nps", 10));
        assertThat(out.path()).contains("survey.csat=4", "survey.nps=10", "survey.ces=none");

        ScriptedChannel no = new ScriptedChannel(QueueResult.CONNECTED, "2", "5", "5", "5");
        FlowOutcome skipped = run(SURVEY, no);
        assertThat(skipped.survey()).isEmpty();
        assertThat(skipped.path()).contains("survey=skipped");
        assertThat(no.played).doesNotContain("csat");
    }

    @Test
    void subflowRunsWithTheSameVariablesAndReturns() throws Exception {
        Flow common = new FlowLoader().parse("""
                name: common
                start: greet
                steps:
                  greet: {type: set, variables: {greeted: "'yes'"}, next: hi}
                  hi: {type: play, prompts: [hello, {say: digits, value: caller}], next: back}
                  back: {type: return}
                """, "common.yaml");
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: s
                steps:
                  s: {type: subflow, flow: common, next: bye}
                  bye: {type: hangup, prompts: [vm-goodbye]}
                """, ch, common);
        assertThat(out.path()).containsExactly("s", "common:greet", "common:hi", "common:back", "bye");
        assertThat(out.variables()).containsEntry("greeted", "yes");
        assertThat(ch.said).containsExactly("digits:5550100");
        assertThat(out.flow()).isEqualTo("t");
    }

    @Test
    void hangupPlaysItsPromptsAndEndsWithoutAnAgent() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED);
        FlowOutcome out = run("""
                name: t
                start: bye
                steps:
                  bye: {type: hangup, prompts: [thanks, vm-goodbye]}
                """, ch);
        assertThat(ch.played).containsExactly("thanks", "vm-goodbye");
        assertThat(ch.hungUp).isTrue();
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.COMPLETED);
        assertThat(out.queued()).isFalse(); // resolved in self-service
    }

    @Test
    void aCallerWhoHangsUpMidFlowIsRecordedWithTheLastStep() throws Exception {
        ScriptedChannel ch = new ScriptedChannel(QueueResult.CONNECTED, "1", null);
        FlowOutcome out = run(SURVEY, ch);
        assertThat(out.ending()).isEqualTo(FlowOutcome.Ending.CALLER_HUNG_UP);
        assertThat(out.lastStep()).isEqualTo("survey");
    }
}
