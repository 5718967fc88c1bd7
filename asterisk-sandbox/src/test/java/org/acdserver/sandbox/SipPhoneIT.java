package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIPp phones on a real Asterisk, without the server: they register with digest authentication, answer, refuse
 * as busy, ring out, vanish (qualify finds them unreachable) and unregister.
 */
class SipPhoneIT {

    private static final Logger LOG = LoggerFactory.getLogger(SipPhoneIT.class);
    private static final SipAccount ANN = new SipAccount("ann", "ann-secret-1");
    private static final SipAccount BEN = new SipAccount("ben", "ben-secret-2");
    private static AsteriskSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = AsteriskSandbox.start(AsteriskSandbox.Settings.defaults("sipphone")
                .withAgi("127.0.0.1", AsteriskSandbox.freePort()).withPhones(List.of(ANN, BEN)));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static String contacts() {
        return sandbox.cli("pjsip show contacts");
    }

    @Test
    void aPhoneRegistersAnswersAndUnregisters() {
        long t0 = System.nanoTime();
        try (SipPhone ann = SipPhone.start(sandbox, ANN, SipPhone.Behaviour.ANSWER, Duration.ofMillis(100),
                Duration.ofMillis(500)).awaitRegistered()) {
            LOG.info("SIPp phone started and registered in {} ms", (System.nanoTime() - t0) / 1_000_000);
            assertThat(contacts()).contains("ann/sip:ann@127.0.0.1:" + ann.port());
            await().atMost(10, TimeUnit.SECONDS).until(() -> contacts().contains("Avail"));

            sandbox.cli("channel originate PJSIP/ann application Wait 1");
            await().atMost(10, TimeUnit.SECONDS).until(() -> ann.answeredCalls() == 1);

            ann.unregister();
            assertThat(contacts()).doesNotContain("ann/sip:");
        }
    }

    @Test
    void aBusyPhoneRefusesAndAVanishedOneBecomesUnreachable() {
        try (SipPhone ben = SipPhone.start(sandbox, BEN, SipPhone.Behaviour.BUSY).awaitRegistered()) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> contacts().contains("Avail"));
            sandbox.cli("channel originate PJSIP/ben application Wait 1");
            await().atMost(10, TimeUnit.SECONDS).until(() -> ben.busyCalls() == 1);

            ben.kill();
            // Qualify every 2 s with a 1 s timeout: unreachable within about 3 s.
            await().atMost(10, TimeUnit.SECONDS).until(() -> contacts().contains("Unavail"));
        }
    }

    @Test
    void aPhoneWhosePortIsTakenBeforeSippBindsItMovesToAnother() throws Exception {
        // The port is free when picked, and taken by the time SIPp binds it: SIPp exits with "Unable to bind main
        // socket", and the phone starts again on the next port offered.
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int[] offers = {taken.getLocalPort(), AsteriskSandbox.freeUdpPort()};
            AtomicInteger next = new AtomicInteger();
            try (SipPhone ann = SipPhone.start(sandbox, ANN, SipPhone.Behaviour.ANSWER, Duration.ofMillis(100),
                    Duration.ofMillis(500), () -> offers[next.getAndIncrement()]).awaitRegistered()) {
                assertThat(next.get()).isEqualTo(2);
                assertThat(ann.port()).isEqualTo(offers[1]);
                assertThat(contacts()).contains("ann/sip:ann@127.0.0.1:" + offers[1]);
                ann.unregister();
            }
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        SipAccount impostor = new SipAccount("ann", "not-ann's");
        try (SipPhone phone = SipPhone.start(sandbox, impostor, SipPhone.Behaviour.ANSWER)) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> !phone.isRunning());
            assertThat(phone.isRegistered()).isFalse();
            assertThat(contacts()).doesNotContain("ann/sip:");
        }
    }
}
