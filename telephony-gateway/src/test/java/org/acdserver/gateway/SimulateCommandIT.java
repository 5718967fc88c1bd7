package org.acdserver.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acdserver.gateway.store.Database;
import org.acdserver.gateway.store.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code acd-server simulate} on the repository's flows, with look-ups against a real PostgreSQL. */
class SimulateCommandIT {

    private static final Path CONFIG = TestRig.repoRoot().resolve("config");
    private static Database database;

    @BeforeAll
    static void startDatabase() throws Exception {
        database = Database.open(new DatabaseSettings(null, null, null, 2, null, 0));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run simulate(String... args) throws Exception {
        Simulate command = new Simulate();
        new CommandLine(command).parseArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVipCallerLookedUpInTheDatabaseReachesSupportWithPriority() throws Exception {
        Run r = simulate("care", "--config", CONFIG.toString(), "--keys", "2,1", "--caller", "5550100",
                "--time", "2026-11-24T10:00:00Z", "--database-url", database.jdbcUrl());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("queue support priority 10 -> connected")
                .contains("customer.vip=true", "customer.balance=1250.50", "segment=vip")
                .contains("path: hours > hours=open > lookup > vip > vip-priority > main-menu > main-menu=2")
                .contains("queue reached: support");
    }

    @Test
    void anUnknownCallerHearsNoBalanceAndTheClosedBranchRecords() throws Exception {
        Run open = simulate("care", "--config", CONFIG.toString(), "--keys", "1,1,", "--caller", "5559999",
                "--time", "2026-11-24T10:00:00Z", "--database-url", database.jdbcUrl());
        assertThat(open.out()).contains("customer.found=false").contains("known > consent")
                .doesNotContain("say number");
        Run closed = simulate("care", "--config", CONFIG.toString(), "--time", "2026-12-25T10:00:00Z",
                "--database-url", database.jdbcUrl());
        assertThat(closed.out()).contains("hours=closed > closed", "record message for mailbox care",
                "queue reached: none");
    }

    @Test
    void checkRunsEveryFlowsTestCases() throws Exception {
        Run r = simulate("--check", "--config", CONFIG.toString(), "--database-url", database.jdbcUrl());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS main: one reaches sales", "PASS care: an agent, then a survey")
                .containsPattern("(?m)^[1-9][0-9]* passed, 0 failed$");
    }

    @Test
    void aFailingCaseOrAnInvalidFlowIsReportedWithANonZeroExit(@TempDir Path dir) throws Exception {
        copyConfig(dir);
        Path main = dir.resolve("flows/main.yaml");
        Files.writeString(main, Files.readString(main).replace("expect: {step: goodbye, queue: sales}",
                "expect: {step: goodbye, queue: billing}"));
        Run failing = simulate("main", "--check", "--config", dir.toString());
        assertThat(failing.exit()).isEqualTo(1);
        assertThat(failing.out()).contains("FAIL main: one reaches sales", "reached queue sales, expected billing");

        Files.writeString(main, Files.readString(main).replace("fallback: goodbye", "fallback: nowhere"));
        Run invalid = simulate("main", "--config", dir.toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("main.yaml:21:5: step 'menu' goes to unknown step 'nowhere'");

        Run unknown = simulate("nosuch", "--config", CONFIG.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no flow named nosuch");
    }

    static void copyConfig(Path dir) throws Exception {
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(CONFIG.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
