package org.acdserver.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.gateway.store.InteractionRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


/** Callbacks on a real (embedded) PostgreSQL: merge, exactly-once claim, recovery after a crash. */
class CallbackStoreIT {

    private static Database db;
    private static CallbackStore store;

    @BeforeAll
    static void open() throws Exception {
        db = Database.open(new DatabaseSettings(null, null, null, 8, null, 0));
        store = new CallbackStore(db.dataSource());
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static CallbackTicket ticket(String id, String number, Instant enqueuedAt) {
        return new CallbackTicket(id, "call-" + id, "sales", number, 1, Map.of("spanish", 5), enqueuedAt,
                enqueuedAt.plusSeconds(30), null);
    }

    @Test
    void customerDataToWhisperIsKeptWithTheRequestInItsOrder() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("name", "Ada");
        data.put("balance", "1250.50");
        data.put("account", "A17");
        store.request(new CallbackTicket("w1", "call-w1", "sales", "5550177", 0, Map.of(), t, t, null, data));
        assertThat(store.ticket("w1").orElseThrow().customerData()).containsExactly(Map.entry("name", "Ada"),
                Map.entry("balance", "1250.50"), Map.entry("account", "A17"));
        assertThat(store.request(ticket("w2", "5550178", t))).isEqualTo(new CallbackStore.Accepted("w2", false));
        assertThat(store.ticket("w2").orElseThrow().customerData()).isEmpty();
        store.cancel("w1");
        store.cancel("w2");
    }

    @Test
    void aSecondRequestForTheSameNumberAndQueueIsMergedIntoThePendingOne() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(store.request(ticket("m1", "5550100", t))).isEqualTo(new CallbackStore.Accepted("m1", false));
        assertThat(store.request(ticket("m2", "5550100", t.plusSeconds(5))))
                .isEqualTo(new CallbackStore.Accepted("m1", true));
        assertThat(store.forNumber("5550100")).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo("m1");
            assertThat(v.mergedRequests()).isEqualTo(1);
            assertThat(v.state()).isEqualTo("pending");
        });
        // Once it is over, the number may ask again.
        assertThat(store.cancel("m1")).isTrue();
        assertThat(store.request(ticket("m3", "5550100", t.plusSeconds(9))))
                .isEqualTo(new CallbackStore.Accepted("m3", false));
        assertThat(store.ticket("m3")).get().satisfies(x -> {
            assertThat(x.skills()).isEqualTo(Map.of("spanish", 5));
            assertThat(x.enqueuedAt()).isEqualTo(t.plusSeconds(9));
        });
    }

    @Test
    void onlyOneOfManyConcurrentClaimsMayDialAndOnlyAfterAReservation() throws Exception {
        Instant t = Instant.now();
        store.request(ticket("x1", "5550200", t));
        assertThat(store.claimDial("x1", "leg-0")).as("no agent reserved yet").isEmpty();
        assertThat(store.reserve("x1", "sam")).isTrue();
        assertThat(store.reserve("x1", "tina")).as("already reserved").isFalse();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<OptionalInt>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String leg = "leg-" + i;
                claims.add(pool.submit((Callable<OptionalInt>) () -> store.claimDial("x1", leg)));
            }
            int won = 0;
            for (Future<OptionalInt> f : claims) {
                if (f.get(10, TimeUnit.SECONDS).isPresent()) {
                    won++;
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.find("x1")).get().satisfies(v -> {
            assertThat(v.state()).isEqualTo("dialing");
            assertThat(v.attempts()).isEqualTo(1);
            assertThat(v.agent()).isEqualTo("sam");
        });
        assertThat(store.cancel("x1")).as("a callback being dialed is not cancelled").isFalse();
        store.attemptFailed("x1", "no_answer", t.plusSeconds(60), t);
        assertThat(store.find("x1")).get().extracting(CallbackView::state, CallbackView::outcome)
                .containsExactly("pending", "no_answer");
        store.reserve("x1", "sam");
        assertThat(store.claimDial("x1", "leg-x")).hasValue(2);
        store.attemptFailed("x1", "no_answer", null, t);
        assertThat(store.find("x1")).get().extracting(CallbackView::state, CallbackView::attempts)
                .containsExactly("failed", 2);
    }

    @Test
    void aReservationLeftBehindIsTakenOverAndItsCustomerStillDialedOnce() throws Exception {
        Instant t = Instant.now();
        store.request(ticket("t1", "5550260", t));
        assertThat(store.takeOver("t1", "sam")).as("nothing to take over while pending").isFalse();
        assertThat(store.reserve("t1", "sam")).isTrue();
        // sam's leg ended while the database was away: the release was never stored, the row stays 'reserving'.
        assertThat(store.reserve("t1", "tina")).isFalse();
        assertThat(store.takeOver("t1", "tina")).isTrue();
        assertThat(store.find("t1")).get().extracting(CallbackView::state, CallbackView::agent)
                .containsExactly("reserving", "tina");
        assertThat(store.claimDial("t1", "leg-t1")).hasValue(1);
        assertThat(store.takeOver("t1", "sam")).as("a claimed dial is nobody's to take over").isFalse();
        assertThat(store.claimDial("t1", "leg-t1b")).isEmpty();
        store.attemptFailed("t1", "no_answer", null, t);
    }

    @Test
    void releasedAndDeclinedReservationsWaitAgain() throws Exception {
        Instant t = Instant.now();
        store.request(ticket("r1", "5550261", t));
        assertThat(store.reserve("r1", "sam")).isTrue();
        store.released("r1");
        assertThat(store.find("r1")).get().extracting(CallbackView::state, CallbackView::outcome, CallbackView::agent)
                .containsExactly("pending", null, null);
        assertThat(store.reserve("r1", "sam")).isTrue();
        store.declined("r1");
        assertThat(store.find("r1")).get().extracting(CallbackView::state, CallbackView::outcome)
                .containsExactly("pending", "agent_declined");
        assertThat(store.cancel("r1")).isTrue();
    }

    @Test
    void recoveryReturnsPendingCallbacksInLineOrderAndKeepsClaimedDialsForTheWitness() throws Exception {
        Instant t = Instant.parse("2020-01-01T10:00:00Z");
        store.request(ticket("r-late", "5550301", t.plusSeconds(20)));
        store.request(ticket("r-early", "5550302", t));
        store.request(ticket("r-ringing", "5550303", t.plusSeconds(10)));
        store.reserve("r-ringing", "sam");
        store.request(ticket("r-dialing", "5550304", t.plusSeconds(5)));
        store.reserve("r-dialing", "tina");
        store.claimDial("r-dialing", "leg-r");

        List<String> pending = store.recover().stream().map(CallbackTicket::id)
                .filter(id -> id.startsWith("r-")).toList();
        assertThat(pending).containsExactly("r-early", "r-ringing", "r-late");
        assertThat(store.find("r-dialing")).get().extracting(CallbackView::state).isEqualTo("dialing");
        assertThat(store.claimedDials()).contains(new CallbackStore.ClaimedDial("r-dialing", "leg-r"));
    }

    @Test
    void aClaimedDialThatNeverStartedIsPendingAgainWithoutTheLostAttempt() throws Exception {
        Instant t = Instant.parse("2020-01-02T10:00:00Z");
        store.request(ticket("n-1", "5550311", t));
        store.reserve("n-1", "sam");
        assertThat(store.claimDial("n-1", "leg-n1")).hasValue(1);

        assertThat(store.dialNeverStarted("n-1")).get().extracting(CallbackTicket::id, CallbackTicket::enqueuedAt)
                .containsExactly("n-1", t);
        assertThat(store.find("n-1")).get().extracting(CallbackView::state, CallbackView::attempts,
                CallbackView::agent).containsExactly("pending", 0, null);
        assertThat(store.dialNeverStarted("n-1")).as("only a claimed dial").isEmpty();
        assertThat(store.dialedBeforeRestart("n-1")).as("only a claimed dial").isFalse();
    }

    @Test
    void aClaimedDialThatStartedEndsFailedAndIsNeverClaimedAgain() throws Exception {
        Instant t = Instant.parse("2020-01-03T10:00:00Z");
        store.request(ticket("s-1", "5550321", t));
        store.reserve("s-1", "sam");
        store.claimDial("s-1", "leg-s1");

        assertThat(store.dialedBeforeRestart("s-1")).isTrue();
        assertThat(store.find("s-1")).get().extracting(CallbackView::state, CallbackView::outcome,
                CallbackView::attempts).containsExactly("failed", "dialed_before_restart", 1);
        assertThat(store.reserve("s-1", "sam")).isFalse();
        assertThat(store.claimDial("s-1", "leg-s2")).isEmpty();
        assertThat(store.claimedDials()).extracting(CallbackStore.ClaimedDial::id).doesNotContain("s-1");
    }

    @Test
    void theOriginalCallsRecordMayShowThatItAskedForACallback() throws Exception {
        try (InteractionRecorder recorder = new InteractionRecorder(db.dataSource())) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            InteractionRecord r = new InteractionRecord("cbr-1", "5550400", "main", List.of("sales"), "sales",
                    "sales", null, t, t, null, t.plusSeconds(20), 20.0, null, InteractionOutcome.CALLBACK_REQUESTED);
            recorder.record(r);
            InteractionQueries q = new InteractionQueries(db.dataSource());
            await().atMost(10, TimeUnit.SECONDS).until(() -> q.byCallId("cbr-1").isPresent());
            assertThat(q.byCallId("cbr-1")).contains(r);
        }
    }
}
