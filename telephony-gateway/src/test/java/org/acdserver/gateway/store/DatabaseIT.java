package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acdserver.sandbox.AdoptedProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The embedded database on a data directory of its own: durable commits, data kept across restarts, a PostgreSQL
 * left running by a killed owner stopped at the next start, and stale pid files ignored.
 */
class DatabaseIT {

    private static DatabaseSettings on(Path dir) {
        return new DatabaseSettings(null, null, null, 2, dir, 0);
    }

    private static InteractionRecord record(String callId) {
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        return new InteractionRecord(callId, "5550001", "main", List.of("welcome", "menu", "menu=1"), "sales",
                "sales", "agent1", t, t.plusSeconds(2), t.plusSeconds(9), t.plusSeconds(60), 7.0, 51.0,
                InteractionOutcome.ANSWERED);
    }

    private static String show(DataSource ds, String setting) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void commitsAreDurableAndEveryCallIsBounded(@TempDir Path tmp) throws Exception {
        try (Database db = Database.open(on(tmp.resolve("postgres")))) {
            assertThat(show(db.dataSource(), "synchronous_commit")).isEqualTo("on");
            assertThat(show(db.dataSource(), "fsync")).isEqualTo("on");
            assertThat(show(db.dataSource(), "full_page_writes")).isEqualTo("on");
            assertThat(show(db.dataSource(), "statement_timeout")).isEqualTo("10s");
            assertThat(show(db.dataSource(), "lock_timeout")).isEqualTo("2500ms");
        }
        // A temporary database (tests, tools) commits durably too.
        try (Database db = Database.open(new DatabaseSettings(null, null, null, 1, null, 0))) {
            assertThat(show(db.dataSource(), "synchronous_commit")).isEqualTo("on");
            assertThat(show(db.dataSource(), "fsync")).isEqualTo("on");
        }
    }

    @Test
    void timeoutsInAConfiguredUrlTakePrecedence(@TempDir Path tmp) throws Exception {
        try (LocalPostgres pg = LocalPostgres.start(tmp.resolve("postgres"), 0);
             Database db = Database.open(new DatabaseSettings(pg.jdbcUrl()
                     + "&options=-c%20statement_timeout%3D20000", "postgres", "", 1, null, 0))) {
            assertThat(show(db.dataSource(), "statement_timeout")).isEqualTo("20s");
        }
    }

    @Test
    void theDataIsStillThereAfterARestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("postgres");
        try (Database db = Database.open(on(dir))) {
            new JdbcRecordSink(db.dataSource()).write(List.of(record("restart-1")));
            assertThat(db.dataDirectory()).isEqualTo(dir);
        }
        assertThat(dir.resolve(PostmasterPid.FILE_NAME)).as("stopped cleanly").doesNotExist();
        try (Database db = Database.open(on(dir))) {
            assertThat(new InteractionQueries(db.dataSource()).byCallId("restart-1")).contains(record("restart-1"));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryInOneProcessIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("postgres");
        try (Database db = Database.open(on(dir))) {
            assertThatThrownBy(() -> Database.open(on(dir))).hasMessageContaining(dir.toString())
                    .hasMessageContaining("already open in this process");
            assertThat(show(db.dataSource(), "synchronous_commit")).as("the first one still serves").isEqualTo("on");
        }
    }

    @Test
    void aPostgresLeftRunningByAKilledOwnerIsStoppedAndTheNextStartHasTheData(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("postgres");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DatabaseOwner.class.getName(), dir.toString(), "before-kill")
                .redirectError(tmp.resolve("owner.log").toFile()).start();
        AdoptedProcesses.atExit().adopt(owner);
        long orphan;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("READY ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(120, TimeUnit.SECONDS);
            assertThat(ready).as("owner started; its log: %s", tmp.resolve("owner.log")).isNotNull();
            orphan = Long.parseLong(ready.substring(6).trim());

            // While its owner lives, the directory is not taken from it.
            assertThatThrownBy(() -> Database.open(on(dir))).hasMessageContaining("in use by another running server");
            assertThat(ProcessHandle.of(orphan)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        } finally {
            owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(orphan)).as("kill -9 of the owner leaves its PostgreSQL running")
                .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        try (Database db = Database.open(on(dir))) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                    .as("the orphan was stopped").isFalse();
            assertThat(PostmasterPid.read(dir)).get().extracting(PostmasterPid::pid).isNotEqualTo(orphan);
            assertThat(new InteractionQueries(db.dataSource()).byCallId("before-kill")).isPresent();
            assertThat(show(db.dataSource(), "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void aStalePidFileOfADeadServerOrOfAnotherProcessIsRemoved(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("postgres");
        List<String> pidFile;
        try (Database db = Database.open(on(dir))) {
            new JdbcRecordSink(db.dataSource()).write(List.of(record("stale-1")));
            pidFile = Files.readAllLines(dir.resolve(PostmasterPid.FILE_NAME));
        }
        // What a PostgreSQL killed with its owner leaves behind: its pid file, naming a process that is gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        writePidFile(dir, pidFile, gone.pid());
        try (Database db = Database.open(on(dir))) {
            assertThat(new InteractionQueries(db.dataSource()).byCallId("stale-1")).isPresent();
        }
        // After a reboot the id may belong to another process, which must not be touched.
        Process other = new ProcessBuilder("sleep", "300").start();
        try {
            writePidFile(dir, pidFile, other.pid());
            try (Database db = Database.open(on(dir))) {
                assertThat(new InteractionQueries(db.dataSource()).byCallId("stale-1")).isPresent();
            }
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
        // An unreadable pid file is no obstacle either.
        Files.writeString(dir.resolve(PostmasterPid.FILE_NAME), "garbage\n");
        try (Database db = Database.open(on(dir))) {
            assertThat(new InteractionQueries(db.dataSource()).byCallId("stale-1")).isPresent();
        }
    }

    private static void writePidFile(Path dir, List<String> lines, long pid) throws Exception {
        List<String> copy = new ArrayList<>(lines);
        copy.set(0, Long.toString(pid));
        Files.write(dir.resolve(PostmasterPid.FILE_NAME), copy);
    }
}
