package org.acdserver.load.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.acdserver.sandbox.AsteriskSandbox;

/**
 * The server's configuration directory for a chaos run: the main flow (press 1 for sales, 2 for support) served by
 * the simulated agents of {@code sim-agent}, and a flow {@code chaos-later} that puts callers straight into the
 * queue {@code later}, whose two agents (phones of {@code sim-agent-callback}) take long calls, so that its callers
 * wait and press 9 for a callback. Customers are the sandbox's {@code sim-customer} numbers, which answer.
 */
final class ChaosConfiguration {

    /** Agents of the queue {@code later}. */
    static final int LATER_AGENTS = 2;

    private final ChaosSettings settings;

    ChaosConfiguration(ChaosSettings settings) {
        this.settings = settings;
    }

    void write(Path dir, int agiPort, int amiPort, int httpPort, int adminPort, String amiUser, String amiSecret,
               String jdbcUrl, Path spool) throws IOException {
        Files.createDirectories(dir.resolve("flows"));
        Files.writeString(dir.resolve("acd.yaml"), String.format("""
                agi: {host: 127.0.0.1, port: %d}
                ami: {host: 127.0.0.1, port: %d, username: %s, secret: %s}
                http: {public: {host: 127.0.0.1, port: %d}, admin: {host: 127.0.0.1, port: %d}}
                database: {url: "%s", username: postgres, password: "", spoolDirectory: %s}
                flows: flows
                queues: queues.yaml
                agents: agents.yaml
                """, agiPort, amiPort, amiUser, amiSecret, httpPort, adminPort, jdbcUrl, spool));
        // Callback agents hear only "calling": the whole whisper would add ten seconds to every callback the run
        // drains, and the faults, not the whisper, are what this run tries.
        Files.writeString(dir.resolve("queues.yaml"), """
                queues:
                  - {id: sales, ringTimeoutSeconds: 15, noAnswerPauseSeconds: 30, fallback: flow}
                  - {id: support, ringTimeoutSeconds: 15, noAnswerPauseSeconds: 30, fallback: flow}
                  - id: later
                    ringTimeoutSeconds: 15
                    noAnswerPauseSeconds: 30
                    fallback: flow
                    callback: {key: "9", callerId: '"Chaos" <5550000>', dial: "Local/{number}@sim-customer/n",
                               attempts: 3, retrySeconds: 10, ringSeconds: 20, whisper: [calling]}
                """);
        StringBuilder agents = new StringBuilder("agents:\n");
        for (int i = 1; i <= settings.agents(); i++) {
            agents.append(String.format(
                    "  - {id: a%03d, endpoint: Local/a%03d@sim-agent/n, queues: [sales, support]}%n", i, i));
        }
        for (int i = 1; i <= LATER_AGENTS; i++) {
            agents.append(String.format(
                    "  - {id: l%03d, endpoint: Local/l%03d@sim-agent-callback/n, queues: [later]}%n", i, i));
        }
        Files.writeString(dir.resolve("agents.yaml"), agents);
        Files.copy(AsteriskSandbox.repoRoot().resolve("config/flows/main.yaml"), dir.resolve("flows/main.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("flows/chaos-later.yaml"), """
                name: chaos-later
                start: later
                steps:
                  later:
                    type: queue
                    queue: later
                    next: bye
                  bye:
                    type: hangup
                """);
    }
}
