package org.acdserver.gateway.standby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.acdserver.core.CallPlace;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.config.LeaseSettings;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing lease on a real PostgreSQL: two servers never both hold it, a holder that stops renewing stops
 * believing in it before the standby can take it, and a holder that wakes after the takeover writes nothing.
 */
class RoutingLeaseIT {

    private static final LeaseSettings FAST = new LeaseSettings(true, "x", Duration.ofMillis(1_500),
            Duration.ofMillis(300));
    private static Path dir;
    private static Database db;

    @BeforeAll
    static void database() throws Exception {
        dir = Files.createTempDirectory("acd-lease");
        db = Database.open(new DatabaseSettings(null, null, null, 6, dir.resolve("postgres"), 0));
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
        TestRig.deleteTree(dir);
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM routing_lease; DELETE FROM waiting_place; DELETE FROM agent_presence");
        }
    }

    /** A holder that records what happens to it. */
    private static final class Server implements RoutingLease.Holder {
        final List<Long> acquired = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> lost = new CompletableFuture<>();

        @Override
        public void acquired(long token) {
            acquired.add(token);
        }

        @Override
        public void lost(String why) {
            lost.complete(why);
        }
    }

    private static LeaseSettings named(String node) {
        return new LeaseSettings(true, node, FAST.duration(), FAST.renewal());
    }

    @Test
    void twoServersStartedTogetherNeverBothHoldTheLease() throws Exception {
        Server a = new Server();
        Server b = new Server();
        RoutingLease la = new RoutingLease(db.dataSource(), named("a"), a);
        RoutingLease lb = new RoutingLease(db.dataSource(), named("b"), b);
        try {
            la.start();
            lb.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int both = 0;
            int samples = 0;
            while (System.nanoTime() < until) {
                if (la.heldNow() && lb.heldNow()) {
                    both++;
                }
                samples++;
                Thread.sleep(5);
            }
            assertThat(both).as("samples with both holding, of %d", samples).isZero();
            assertThat(a.acquired.size() + b.acquired.size()).as("one takeover").isEqualTo(1);
            RoutingLease holder = la.heldNow() ? la : lb;
            RoutingLease standby = holder == la ? lb : la;
            assertThat(standby.renewalsSeen()).as("the standby sees the holder renew").isGreaterThan(2);
            long token = holder.token();

            // An orderly stop gives the lease up: the standby takes over within a renewal interval or two.
            long stopped = System.nanoTime();
            holder.close();
            await().atMost(5, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(5)).until(standby::heldNow);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).isLessThan(1_500);
            assertThat(standby.token()).isEqualTo(token + 1);
        } finally {
            la.close();
            lb.close();
        }
    }

    @Test
    void aPausedHolderStopsRoutingBeforeTheStandbyTakesOverAndWritesNothingOnceAwake() throws Exception {
        GatedDataSource paused = new GatedDataSource(db.dataSource());
        Server a = new Server();
        Server b = new Server();
        RoutingLease la = new RoutingLease(paused, named("a"), a);
        RoutingLease lb = new RoutingLease(db.dataSource(), named("b"), b);
        PlaceBook placesA = new PlaceBook(paused, la);
        PlaceBook placesB = new PlaceBook(db.dataSource(), lb);
        try {
            la.start();
            await().atMost(5, TimeUnit.SECONDS).until(la::heldNow);
            lb.start();
            placesA.entering("a-1", "sales");
            placesA.placed(place("a-1", 1));
            placesA.placed(place("a-2", 2));
            await().atMost(5, TimeUnit.SECONDS).until(() -> stored().keySet().containsAll(List.of("a-1", "a-2")));
            assertThat(placesA.load()).extracting(p -> p.step()).containsExactly("sales", "");

            // The holder freezes: its renewals (and writes) wait. It stops believing in its lease first ...
            paused.shut();
            AtomicLong aGaveUp = new AtomicLong();
            AtomicLong bTook = new AtomicLong();
            var watcher = Executors.newSingleThreadExecutor();
            watcher.submit(() -> {
                while (aGaveUp.get() == 0 || bTook.get() == 0) {
                    long now = System.nanoTime();
                    if (aGaveUp.get() == 0 && !la.heldNow()) {
                        aGaveUp.set(now);
                    }
                    if (bTook.get() == 0 && lb.heldNow()) {
                        bTook.set(now);
                    }
                    Thread.onSpinWait();
                }
                return null;
            });
            // ... and the standby takes over once the lease ran out by the database's clock.
            await().atMost(10, TimeUnit.SECONDS).until(() -> aGaveUp.get() != 0 && bTook.get() != 0);
            watcher.shutdownNow();
            assertThat(bTook.get() - aGaveUp.get()).as("the standby took over after the holder stopped").isPositive();
            assertThat(lb.token()).isEqualTo(la.token() + 1);

            // The paused holder's writes made meanwhile, and the ones it makes once awake, are fenced off.
            placesA.placed(place("a-3", 3));
            placesA.released("a-1");
            paused.open();
            assertThat(a.lost.get(5, TimeUnit.SECONDS)).contains("took the lease over");
            assertThat(la.role()).isEqualTo(RoutingLease.Role.LOST);
            assertThat(la.heldNow()).isFalse();
            await().atMost(5, TimeUnit.SECONDS).until(() -> placesA.fenced() >= 1);
            placesA.placed(place("a-4", 4));
            await().atMost(5, TimeUnit.SECONDS).until(() -> placesA.fenced() >= 2);
            assertThat(stored().keySet()).as("a-1 not deleted, a-3 and a-4 not stored")
                    .containsExactlyInAnyOrder("a-1", "a-2");

            // The new holder's writes go through, and its token is on them.
            placesB.placed(place("a-1", 10));
            await().atMost(5, TimeUnit.SECONDS).until(() -> stored().get("a-1") == lb.token());
        } finally {
            paused.open();
            placesA.close();
            placesB.close();
            la.close();
            lb.close();
        }
    }

    @Test
    void agentsChoicesAreStoredUnderTheLeaseAndOnlyThere() throws Exception {
        Server a = new Server();
        RoutingLease la = new RoutingLease(db.dataSource(), named("a"), a);
        var jdbc = Executors.newVirtualThreadPerTaskExecutor();
        try {
            la.start();
            await().atMost(5, TimeUnit.SECONDS).until(la::heldNow);
            AgentPresence presence = new AgentPresence(db.dataSource(), la, jdbc);
            presence.notReady("ann", "lunch");
            presence.loggedOut("bob");
            presence.ready("cy");
            await().atMost(5, TimeUnit.SECONDS).until(() -> presence.load().size() == 3);
            assertThat(presence.load()).containsEntry("ann", new AgentPresence.Choice("not_ready", "lunch"))
                    .containsEntry("bob", new AgentPresence.Choice("logged_out", null))
                    .containsEntry("cy", new AgentPresence.Choice("ready", null));

            // The stale writer's one thread runs its tasks in order: once the marker after its write has run, the
            // write has been tried.
            ExecutorService staleWrites = Executors.newSingleThreadExecutor();
            try {
                AgentPresence stale = new AgentPresence(db.dataSource(), () -> la.token() + 7, staleWrites);
                stale.ready("ann");
                staleWrites.submit(() -> { }).get(10, TimeUnit.SECONDS);
            } finally {
                staleWrites.shutdownNow();
            }
            assertThat(presence.load()).as("a write with another token changes nothing")
                    .containsEntry("ann", new AgentPresence.Choice("not_ready", "lunch"));
        } finally {
            la.close();
            jdbc.shutdownNow();
        }
    }

    private static CallPlace place(String id, long sequence) {
        return new CallPlace(id, "sales", 0, 1_000 + sequence, sequence, Map.of("spanish", 5), Map.of(), 0,
                List.of());
    }

    /** Stored places: call id to the token that wrote them. */
    private static Map<String, Long> stored() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT call_id, token FROM waiting_place")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
