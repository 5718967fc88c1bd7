package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sandbox itself: a real Asterisk 22 that boots, runs our dialplan, and leaves nothing behind. */
class AsteriskSandboxIT {

    @Test
    void bootsRunsTheDialplanFallsBackAndLeavesNothingBehind() throws Exception {
        int agiPort = AsteriskSandbox.freePort();
        AsteriskSandbox sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("sbtest")
                .withAgi("127.0.0.1", agiPort));
        try {
            assertThat(sandbox.cli("core show version")).contains("Asterisk 2");
            assertThat(sandbox.cli("dialplan show acd-inbound")).contains("AGI(");
            assertThat(sandbox.cli("dialplan show sim-agent")).contains("_[a-z0-9].");

            // A caller pressing 12 reaches a FastAGI endpoint with its keys.
            try (ServerSocket agi = new ServerSocket(agiPort, 5, InetAddress.getLoopbackAddress())) {
                agi.setSoTimeout(20_000);
                CompletableFuture<String> keys = CompletableFuture.supplyAsync(() -> serveGetData(agi));
                sandbox.cli("channel originate Local/s@sim-caller/n extension 100@acd-inbound");
                // The CLI cannot set variables: the caller presses nothing, and GET DATA times out empty.
                assertThat(keys.get(30, TimeUnit.SECONDS)).startsWith("200 result=");
            }

            // With nobody listening on the AGI port, the call goes to the fallback context.
            sandbox.cli("channel originate Local/s@sim-caller/n extension 100@acd-inbound");
            await().atMost(20, TimeUnit.SECONDS).until(() -> Files.readString(sandbox.logFile())
                    .contains("acd-fallback"));
        } finally {
            sandbox.close();
        }
        assertThat(sandbox.isRunning()).isFalse();
        Path mountInfo = Path.of("/proc/self/mountinfo");
        assertThat(Files.readString(mountInfo)).doesNotContain("asterisk-rootfs");
        Process ps = new ProcessBuilder("pgrep", "-f", "acd-sandbox/sbtest/").start();
        ps.waitFor(5, TimeUnit.SECONDS);
        assertThat(ps.exitValue()).as("no asterisk process of the instance is left").isEqualTo(1);
    }

    private static String serveGetData(ServerSocket agi) {
        try (RawAgiSession s = RawAgiSession.accept(agi)) {
            s.write("GET DATA beep 1500 2\n");
            return s.reply(20_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
