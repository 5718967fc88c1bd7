package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the server's held callers rely on in Asterisk 22's FastAGI: a command written into a running
 * {@code WAIT FOR DIGIT} ends the wait ({@code result=1}) and then runs; a command that reached Asterisk in the same
 * read as the wait goes unnoticed until more bytes arrive, and then runs before them. Each test holds one caller on a
 * raw FastAGI socket.
 */
class AgiWaitIT {

    private static int agiPort;
    private static AsteriskSandbox sandbox;

    @BeforeAll
    static void start() {
        agiPort = AsteriskSandbox.freePort();
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("agiwait").withAgi("127.0.0.1", agiPort));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static RawAgiSession caller(ServerSocket agi) throws Exception {
        agi.setSoTimeout(20_000);
        sandbox.cli("channel originate Local/s@sim-caller/n extension 100@acd-inbound");
        return RawAgiSession.accept(agi);
    }

    @Test
    void aCommandWrittenIntoARunningWaitEndsItAndRuns() throws Exception {
        try (ServerSocket agi = new ServerSocket(agiPort, 5, InetAddress.getLoopbackAddress());
             RawAgiSession s = caller(agi)) {
            s.write("WAIT FOR DIGIT 20000\n");
            assertThatThrownBy(() -> s.reply(1_000)).as("the wait runs").isInstanceOf(SocketTimeoutException.class);
            s.write("SET VARIABLE WAIT_TEST cut\n");
            assertThat(s.reply(5_000)).isEqualTo("200 result=1");
            assertThat(s.reply(5_000)).isEqualTo("200 result=1");
            s.write("GET VARIABLE WAIT_TEST\n");
            assertThat(s.reply(5_000)).isEqualTo("200 result=1 (cut)");
        }
    }

    @Test
    void aCommandReadWithTheWaitIsMissedUntilMoreBytesArriveAndThenRunsFirst() throws Exception {
        try (ServerSocket agi = new ServerSocket(agiPort, 5, InetAddress.getLoopbackAddress());
             RawAgiSession s = caller(agi)) {
            // One write: Asterisk reads both lines at once, and the second waits in its buffer.
            s.write("WAIT FOR DIGIT 20000\nSET VARIABLE WAIT_TEST held\n");
            assertThatThrownBy(() -> s.reply(1_500)).as("the wait did not see the command")
                    .isInstanceOf(SocketTimeoutException.class);
            // What the server writes then: any line makes the socket readable again.
            s.write("NOOP\n");
            assertThat(s.reply(5_000)).as("the wait ends").isEqualTo("200 result=1");
            assertThat(s.reply(5_000)).as("the held command runs").isEqualTo("200 result=1");
            assertThat(s.reply(5_000)).as("then the NOOP").startsWith("200 result=0");
            s.write("GET VARIABLE WAIT_TEST\n");
            assertThat(s.reply(5_000)).isEqualTo("200 result=1 (held)");
        }
    }
}
