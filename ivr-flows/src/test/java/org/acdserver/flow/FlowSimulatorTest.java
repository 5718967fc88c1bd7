package org.acdserver.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;


/** The offline simulator runs flows on the real engine and checks the test cases they carry. */
class FlowSimulatorTest {

    private static final Path FLOWS = Path.of("").toAbsolutePath().getParent().resolve("config/flows");

    @Test
    void printsThePathPromptsVariablesAndQueue() throws Exception {
        Flow main = new FlowLoader().load(FLOWS.resolve("main.yaml"));
        FlowSimulator sim = new FlowSimulator(FlowEnvironment.standalone(main));
        FlowSimulator.Transcript t = sim.run(main, FlowSimulator.splitKeys("7,2"), "5550100",
                Instant.parse("2026-11-24T10:00:00Z"), QueueResult.CONNECTED);
        assertThat(t.queue()).isEqualTo("support");
        assertThat(t.lines()).containsSubsequence("play hello", "play vm-press digits/1 vm-press digits/2",
                "caller presses 7", "play pm-invalid-option", "caller presses 2",
                "queue support priority 0 -> connected", "play vm-goodbye", "hangup");
        assertThat(t.lines()).anyMatch(l -> l.startsWith("path: welcome > menu > menu=invalid:7"));
        assertThat(t.lines()).anyMatch(l -> l.contains("caller=5550100") && l.contains("date=2026-11-24"));
    }

    @Test
    void checkRunsTheFlowsTestCasesAndReportsFailures() throws Exception {
        Map<String, Flow> flows = new FlowLoader().loadDirectory(FLOWS);
        Schedule office = new Schedule("office", ZoneId.of("Europe/Berlin"),
                Map.of(DayOfWeek.TUESDAY, List.of(Schedule.Range.parse("08:00-18:00"))),
                Set.of(LocalDate.parse("2026-12-25")), Map.of());
        Lookups db = (q, args, timeout) -> CompletableFuture.completedFuture(
                "5550100".equals(args.get("phone")) ? Map.of("vip", "true", "balance", "12.5") : Map.of());
        FlowSimulator sim = new FlowSimulator(new FlowEnvironment(flows, Map.of("office", office), db,
                Clock.systemUTC()));
        for (Flow f : flows.values()) {
            assertThat(sim.check(f)).as(f.name()).allMatch(FlowSimulator.TestResult::passed);
        }
        assertThat(sim.check(flows.get("care"))).hasSize(3);

        String text = flows.get("main").text()
                .replace("type: queue\n    queue: sales", "type: queue\n    queue: support");
        Flow broken = new FlowLoader().parse(text, "main.yaml");
        List<FlowSimulator.TestResult> results = sim.check(broken);
        assertThat(results).filteredOn(r -> !r.passed()).singleElement().satisfies(r -> {
            assertThat(r.test().name()).isEqualTo("one reaches sales");
            assertThat(r.failures()).containsExactly("reached queue support, expected sales");
        });
    }

    @Test
    void aVipCallerFoundByTheLookupQueuesWithPriority() throws Exception {
        Map<String, Flow> flows = new FlowLoader().loadDirectory(FLOWS);
        Schedule always = new Schedule("office", ZoneOffset.UTC, Map.of(), Set.of(),
                Map.of(LocalDate.parse("2026-11-24"), List.of(Schedule.Range.parse("00:00-24:00"))));
        Lookups db = (q, args, timeout) -> CompletableFuture.completedFuture(Map.of("vip", "true"));
        FlowSimulator sim = new FlowSimulator(new FlowEnvironment(flows, Map.of("office", always), db,
                Clock.systemUTC()));
        FlowSimulator.Transcript t = sim.run(flows.get("care"), List.of("2"), "5550100",
                Instant.parse("2026-11-24T10:00:00Z"), QueueResult.NOT_SERVED);
        assertThat(t.lines()).contains("queue support priority 10 -> not_served");
        assertThat(t.outcome().variables()).containsEntry("segment", "vip");
    }
}
