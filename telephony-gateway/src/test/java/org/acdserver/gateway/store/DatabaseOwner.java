package org.acdserver.gateway.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A process that opens the embedded database on a data directory, stores one record, prints
 * {@code READY <postmaster pid>} and waits to be killed: what a server process is to its database.
 */
public final class DatabaseOwner {

    private DatabaseOwner() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Database db = Database.open(new DatabaseSettings(null, null, null, 1, dir, 0));
        Instant t = Instant.parse("2026-01-05T10:00:00Z");
        new JdbcRecordSink(db.dataSource()).write(List.of(new InteractionRecord(args[1], "5550001", "main",
                List.of("welcome"), "welcome", null, null, t, null, null, t.plusSeconds(5), null, null,
                InteractionOutcome.SELF_SERVICE)));
        System.out.println("READY " + PostmasterPid.read(dir).orElseThrow().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
