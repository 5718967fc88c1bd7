package org.acdserver.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentActivity;
import org.acdserver.core.AgentStateCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent-state changes go through the records' pipeline: while the database is away they wait in
 * {@code agent-state.spool} on disk, are replayed in their order once it is back, a spool left by a stopped server
 * is replayed by the next one, and none is lost or stored twice.
 */
class AgentStateRecorderTest {

    /** A table keyed by event id that can be taken down. */
    private static final class Table implements RecordSink<AgentStateRecord> {
        final List<String> stored = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized void write(List<AgentStateRecord> batch) throws SQLException {
            if (down) {
                throw new SQLException("Connection to localhost:5432 refused", "08006");
            }
            for (AgentStateRecord r : batch) {
                if (!stored.contains(r.eventId())) {
                    stored.add(r.eventId());
                }
            }
        }

        synchronized List<String> stored() {
            return new ArrayList<>(stored);
        }
    }

    private static AgentStateRecord change(int i) {
        return new AgentStateRecord("e" + i, "ann", i % 2 == 0 ? AgentActivity.READY : AgentActivity.NOT_READY,
                AgentStateCause.SYSTEM, i % 2 == 0 ? null : "break", null, null, null,
                Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i));
    }

    @Test
    void changesWaitOnDiskWhileTheDatabaseIsAwayAndArriveOnceInOrder(@TempDir Path dir) throws Exception {
        Table table = new Table();
        table.down = true;
        AgentStateRecorder recorder = new AgentStateRecorder(table,
                SpoolFile.open(dir, AgentStateRecordKind.INSTANCE));
        for (int i = 0; i < 50; i++) {
            assertThat(recorder.record(change(i))).isTrue();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("agent-state.spool"))
                && Files.size(dir.resolve("agent-state.spool")) > 0);
        recorder.close();
        assertThat(table.stored()).isEmpty();
        assertThat(recorder.dropped()).isZero();

        // The next start finds the spool and writes it first, then what comes after.
        table.down = false;
        AgentStateRecorder next = new AgentStateRecorder(table, SpoolFile.open(dir, AgentStateRecordKind.INSTANCE));
        for (int i = 50; i < 60; i++) {
            next.record(change(i));
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> table.stored().size() == 60);
        next.close();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add("e" + i);
        }
        assertThat(table.stored()).containsExactlyElementsOf(expected);
        assertThat(next.written()).isEqualTo(60);
        assertThat(next.pending()).isZero();
    }
}
