package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingSnapshot;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.flow.Schedule;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


/**
 * Callbacks on the real Asterisk sandbox and PostgreSQL. Callers are Local channels that press the menu key, then
 * the callback key while waiting, then 1 to confirm the number read back. The agent's phone answers at once; the
 * customers are Local channels: 555… answer and talk 3 s, 666… never answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallbackIT {

    private static final AtomicInteger IDS = new AtomicInteger();
    /** How long after the rig starts the night queue opens: long enough for the rig to be up and the test begun. */
    private static final int NIGHT_OPENS_AFTER_SECONDS = 20;
    private static TestRig rig;
    private static InteractionQueries records;
    private static CallbackStore store;
    private static Instant nightOpens;

    @BeforeAll
    static void start() throws Exception {
        // The night queue opens a little after the rig is up (UTC, today), and is closed before; its test runs first.
        // The rig is up in about 4 s, 7 s under a load average of 8; every second more is waited for by the test.
        nightOpens = Instant.now().plusSeconds(NIGHT_OPENS_AFTER_SECONDS).truncatedTo(ChronoUnit.SECONDS);
        LocalTime open = LocalTime.ofInstant(nightOpens, ZoneOffset.UTC);
        DayOfWeek day = nightOpens.atZone(ZoneOffset.UTC).getDayOfWeek();
        LocalTime close = open.plusMinutes(30).isAfter(open) ? open.plusMinutes(30) : LocalTime.of(23, 59, 59);
        Schedule nightHours = new Schedule("night", ZoneOffset.UTC, Map.of(day, List.of(new Schedule.Range(open,
                close))), Set.of(), Map.of());
        CallbackSettings sales = new CallbackSettings("9", "\"ACME\" <5550000>", "Local/{number}@sim-customer/n",
                Pattern.compile("[0-9]{7,15}"), 2, Duration.ofSeconds(3), Duration.ofSeconds(3), Schedule.ALWAYS,
                // Callers entering while no agent is available hear "press 9" at once.
                new CallbackOffer(0, true, false, false, List.of("vm-press", "digits/9")))
                // "Calling" only: the whole whisper would add ten seconds to every callback of this class, and
                // CallbackResilienceIT plays it whole.
                .withWhisper(Set.of(WhisperPart.CALLING));
        CallbackSettings night = new CallbackSettings("9", null, "Local/{number}@sim-customer/n",
                Pattern.compile("[0-9]{7,15}"), 1, Duration.ofSeconds(3), Duration.ofSeconds(3), nightHours)
                .withWhisper(Set.of(WhisperPart.CALLING));
        // Support holds one waiting caller; the next is turned away, and offered a callback (during a long prompt).
        CallbackSettings support = new CallbackSettings("9", null, "Local/{number}@sim-customer/n",
                Pattern.compile("[0-9]{7,15}"), 1, Duration.ofSeconds(3), Duration.ofSeconds(3), Schedule.ALWAYS,
                new CallbackOffer(0, false, true, false, List.of("vm-press", "digits/9", "silence/10")),
                // After the number: 1 for as soon as possible, or the hour.
                List.of("vm-press", "digits/1")).withWhisper(Set.of(WhisperPart.CALLING));
        rig = TestRig.start("callback",
                List.of(new QueueDefinition("sales", 5, 30), new QueueDefinition("night", 5, 30),
                        new QueueDefinition("support", 5, 30, 0, SelectionStrategy.LONGEST_IDLE, 1,
                                Map.of(), List.of(), 0, 1, null)),
                List.of(new AgentDefinition("sam", "Local/sam@sim-agent-callback/n", List.of("sales", "night"))),
                Map.of("sales", sales, "night", night, "support", support));
        records = new InteractionQueries(rig.server.database().dataSource());
        store = new CallbackStore(rig.server.database().dataSource());
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @BeforeEach
    void samIsIdle() {
        await().atMost(60, TimeUnit.SECONDS).until(() -> {
            RoutingSnapshot.AgentView sam = snapshot().agents().get("sam");
            return sam.callId() == null;
        });
        rig.server.core().agentNotReady("sam", "break");
    }

    private static RoutingSnapshot snapshot() throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS);
    }

    /** A caller of the main flow who picks sales, presses the callback key after a while and confirms. */
    private static String callerTakingACallback(String number, int callbackDelay) {
        return callerTakingACallback(number, "1", callbackDelay);
    }

    private static String callerTakingACallback(String number, String menuKey, int callbackDelay) {
        return callerTakingACallback(number, menuKey, callbackDelay, "1");
    }

    private static String callerTakingACallback(String number, String menuKey, int callbackDelay,
                                                String confirmKeys) {
        String id = String.format("cb-%06d", IDS.incrementAndGet());
        rig.server.ami().send(AmiAction.of("Originate")
                .with("Channel", "Local/s@sim-caller-callback/n")
                .with("Context", "acd-inbound").with("Exten", "100").with("Priority", "1")
                .with("CallerID", "\"Caller\" <" + number + ">")
                .with("Async", "true").with("Timeout", "30000")
                .with("ChannelId", id + "-a").with("OtherChannelId", id + "-b")
                .variable("DIGITS", menuKey).variable("KEY_DELAY", "1")
                .variable("CALLBACK_DELAY", Integer.toString(callbackDelay)).variable("CALLBACK_KEYS", "9")
                .variable("CONFIRM_DELAY", "2").variable("CONFIRM_KEYS", confirmKeys)
                .variable("HOLD_SECS", "40").variable("__TALK_SECS", "1")).join();
        return id + "-a";
    }

    /** A caller who just waits for an agent. */
    private static String waitingCaller(String number) {
        return waitingCaller(number, "1", 60);
    }

    private static String waitingCaller(String number, String menuKey, int holdSeconds) {
        String id = String.format("cb-%06d", IDS.incrementAndGet());
        rig.place(new SimulatedCaller(number, menuKey, 1, holdSeconds, 1), id).join();
        return id + "-a";
    }

    private static InteractionRecord record(String callId) {
        return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
    }

    private static CallbackView callbackOf(String number, String state) {
        return await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> store.forNumber(number).stream().filter(v -> v.state().equals(state)).findFirst(),
                        Optional::isPresent).orElseThrow();
    }

    private static double counter(String stage) {
        return rig.server.meters().counter("acd.callbacks", "stage", stage).count();
    }

    @Test
    @Order(1)
    void aCallerTakesACallbackAndIsCalledBackAgentFirstWhenTheAgentIsFree() throws Exception {
        double completedBefore = counter("completed");
        double offeredBefore = counter("offered");
        String caller = callerTakingACallback("5551001", 7);
        CallbackView pending = callbackOf("5551001", "pending");
        assertThat(pending.originalCallId()).isEqualTo(caller);
        assertThat(pending.queue()).isEqualTo("sales");
        InteractionRecord original = record(caller);
        assertThat(original.outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(snapshot().waiting().get("sales")).containsExactly(pending.id());
        // Offered once on entry (no agent available), then asked for with the key: counted once.
        assertThat(counter("offered")).isEqualTo(offeredBefore + 1);

        rig.server.core().agentReady("sam");
        CallbackView done = callbackOf("5551001", "completed");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.outcome()).isEqualTo("connected");
        assertThat(done.agent()).isEqualTo("sam");
        assertThat(done.connectedAt()).isAfter(done.requestedAt());
        // The callback's own record: the agent leg, linked from the callback row.
        InteractionRecord leg = record(done.legCallId());
        assertThat(leg.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(leg.agent()).isEqualTo("sam");
        assertThat(leg.callerNumber()).isEqualTo("5551001");
        assertThat(leg.talkSeconds()).isGreaterThanOrEqualTo(2.0);
        // Agent first: the agent leg was answered before the customer was connected.
        assertThat(leg.startedAt()).isBefore(leg.answeredAt());
        assertThat(counter("completed")).isEqualTo(completedBefore + 1);
        assertThat(rig.server.meters().timer("acd.callbacks.request.to.connection").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(2)
    void aCustomerWhoDoesNotAnswerIsTriedAgainAtTheSpacingAndThenFailsNoAnswer() throws Exception {
        CallbackStore.Accepted accepted = rig.server.callbacks().request(new CallbackTicket(
                UUID.randomUUID().toString(), null, "sales", "6661002", 0, Map.of(), Instant.now(), Instant.now(),
                null)).get(10, TimeUnit.SECONDS);
        rig.server.core().agentReady("sam");
        CallbackView failed = callbackOf("6661002", "failed");
        assertThat(failed.id()).isEqualTo(accepted.id());
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(failed.outcome()).isEqualTo("no_answer");
        // The callback row says failed as soon as the last leg ends; that leg's record follows through the recorder.
        List<InteractionRecord> legs = await().atMost(10, TimeUnit.SECONDS).until(() -> records.all().stream()
                .filter(r -> "6661002".equals(r.callerNumber())).toList(), l -> l.size() >= 2);
        assertThat(legs).hasSize(2).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(InteractionOutcome.FAILED));
        Duration gap = Duration.between(legs.get(0).endedAt(), legs.get(1).startedAt());
        assertThat(gap).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(12));
        // The agent was freed at once after the last attempt.
        await().atMost(5, TimeUnit.SECONDS).until(() -> snapshot().agents().get("sam").state() == AgentState.READY);
    }

    @Test
    @Order(3)
    void theCallbackKeepsTheCallersPlaceAheadOfLaterCallers() throws Exception {
        String a = waitingCaller("5552001");
        await().atMost(20, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales").contains(a));
        String b = callerTakingACallback("5552002", 9);
        await().atMost(20, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales").size() == 2);
        String c = waitingCaller("5552003");
        CallbackView pending = callbackOf("5552002", "pending");
        await().atMost(30, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales")
                .equals(List.of(a, pending.id(), c)));
        assertThat(record(b).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);

        rig.server.core().agentReady("sam");
        InteractionRecord first = record(a);
        CallbackView served = callbackOf("5552002", "completed");
        InteractionRecord last = record(c);
        assertThat(first.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(last.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(served.connectedAt()).isAfter(first.answeredAt()).isBefore(last.answeredAt());
    }

    @Test
    @Order(4)
    void aSecondRequestForTheSameNumberIsMergedAndAPendingCallbackCanBeCancelledByCommand() throws Exception {
        // Both callers are placed at once, the second pressing the callback key 4 s later than the first: its
        // request comes while the first one's is pending, without waiting for the first one's whole dialog.
        String first = callerTakingACallback("5553001", 7);
        String second = callerTakingACallback("5553001", 11);
        CallbackView pending = callbackOf("5553001", "pending");
        assertThat(record(first).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(record(second).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(store.forNumber("5553001")).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(pending.id());
            assertThat(v.mergedRequests()).isEqualTo(1);
        });
        assertThat(snapshot().waiting().get("sales")).containsExactly(pending.id());

        HttpResponse<String> cancelled = post("/callbacks/cancel?id=" + pending.id());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(store.find(pending.id())).get().extracting(CallbackView::state).isEqualTo("cancelled");
        assertThat(snapshot().waiting().get("sales")).isEmpty();
        assertThat(post("/callbacks/cancel?id=" + pending.id()).statusCode()).as("not pending any more")
                .isEqualTo(409);
        assertThat(post("/callbacks/reschedule?id=" + pending.id() + "&at=tomorrow").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void aPendingCallbackCanBeRescheduledByCommand() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        rig.server.callbacks().request(new CallbackTicket(id, null, "sales", "5555001", 0, Map.of(), now, now, null))
                .get(10, TimeUnit.SECONDS);
        await().atMost(5, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales").contains(id));
        Instant later = now.plusSeconds(3_600).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> moved = post("/callbacks/reschedule?id=" + id + "&at=" + later);
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(store.find(id)).get().extracting(CallbackView::notBefore).isEqualTo(later);
        assertThat(snapshot().waiting().get("sales")).doesNotContain(id);
        assertThat(snapshot().scheduledCallbacks()).contains(id);
        assertThat(post("/callbacks/cancel?id=" + id).statusCode()).isEqualTo(200);
        assertThat(snapshot().scheduledCallbacks()).doesNotContain(id);
    }

    @Test
    @Order(0)
    void aCallbackAskedForWhileClosedIsScheduledAndDialedAfterTheOpening() throws Exception {
        assertThat(Instant.now()).as("the test runs before the opening").isBefore(nightOpens);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        rig.server.callbacks().request(new CallbackTicket(id, null, "night", "5554001", 0, Map.of(), now, now,
                rig.server.callbacks().firstDial("night", now))).get(10, TimeUnit.SECONDS);
        assertThat(store.find(id)).get().extracting(CallbackView::notBefore).isEqualTo(nightOpens);
        rig.server.core().agentReady("sam");
        await().atMost(5, TimeUnit.SECONDS).until(() -> snapshot().scheduledCallbacks().contains(id));
        CallbackView done = callbackOf("5554001", "completed");
        assertThat(done.connectedAt()).isAfterOrEqualTo(nightOpens);
        assertThat(record(done.legCallId()).startedAt()).isAfterOrEqualTo(nightOpens);
    }

    @Test
    @Order(6)
    void aCallerTurnedAwayByAFullQueueIsOfferedACallbackThatWaitsAtTheEndOfTheLine() throws Exception {
        String first = waitingCaller("5556001", "2", 25);
        await().atMost(20, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("support").contains(first));
        String turnedAway = callerTakingACallback("5556002", "2", 5);
        CallbackView pending = callbackOf("5556002", "pending");
        assertThat(pending.queue()).isEqualTo("support");
        assertThat(record(turnedAway).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(snapshot().waiting().get("support")).containsExactly(first, pending.id());
        assertThat(post("/callbacks/cancel?id=" + pending.id()).statusCode()).isEqualTo(200);
        // The first caller is done with: hung up now rather than left waiting out its hold for the next test.
        rig.server.ami().send(AmiAction.of("Hangup").with("Channel", first.replace("-a", "-b"))).join();
    }

    @Test
    @Order(7)
    void aCallerMayAskForAnHourAndIsScheduledForIt() throws Exception {
        await().atMost(60, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("support").isEmpty());
        // Confirms the number with 1, then, two seconds later, asks for 14:00.
        String caller = callerTakingACallback("5558001", "2", 7, "1wwww14");
        CallbackView pending = callbackOf("5558001", "pending");
        Instant expected = CallbackSlot.parse("14", pending.requestedAt(), Schedule.ALWAYS);
        assertThat(pending.notBefore()).isEqualTo(expected);
        assertThat(record(caller).outcome()).isEqualTo(InteractionOutcome.CALLBACK_REQUESTED);
        assertThat(snapshot().scheduledCallbacks()).contains(pending.id());
        assertThat(post("/callbacks/cancel?id=" + pending.id()).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void whenTheRequestCannotBeStoredTheCallerStaysInLineAndIsServed() throws Exception {
        try (var c = rig.server.database().dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ALTER TABLE callback RENAME TO callback_away");
        }
        String caller;
        double notStoredBefore = counter("not_stored");
        try {
            caller = callerTakingACallback("5559101", 7);
            await().atMost(30, TimeUnit.SECONDS).until(() -> snapshot().waiting().get("sales").contains(caller));
            // The key, the read-back, the confirmation, then the commit is tried and fails.
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> counter("not_stored") == notStoredBefore + 1);
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(snapshot().waiting().get("sales"))
                    .as("back in line after the failed commit").containsExactly(caller));
        } finally {
            try (var c = rig.server.database().dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER TABLE callback_away RENAME TO callback");
            }
        }
        assertThat(store.forNumber("5559101")).isEmpty();
        rig.server.core().agentReady("sam");
        InteractionRecord served = record(caller);
        assertThat(served.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(served.agent()).isEqualTo("sam");
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + rig.server.adminPort() + path))
                .header("Authorization", "Bearer " + rig.adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
