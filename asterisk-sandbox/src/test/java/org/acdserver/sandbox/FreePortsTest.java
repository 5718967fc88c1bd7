package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports for a test's servers that a library binding port 0 in between cannot take. */
class FreePortsTest {

    @Test
    void tcpPortsLieOutsideTheKernelsEphemeralRangeAndBind() throws Exception {
        FreePorts.Range ephemeral = FreePorts.ephemeral();
        assertThat(ephemeral.first()).as("this machine's ephemeral range, read from /proc").isGreaterThan(1_024);
        assertThat(ephemeral.last()).isGreaterThan(ephemeral.first());
        assumeOutsideRangeExists(ephemeral);
        for (int i = 0; i < 50; i++) {
            int port = AsteriskSandbox.freePort();
            assertThat(ephemeral.contains(port)).as("port %d in %s", port, ephemeral).isFalse();
            assertThat(port).isGreaterThanOrEqualTo(FreePorts.TCP_FLOOR);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            }
        }
    }

    @Test
    void drawsAboveTheEphemeralRangeElseBelowItElseFromTheKernel() {
        assertThat(FreePorts.tcpRange(new FreePorts.Range(32_768, 60_999)))
                .isEqualTo(new FreePorts.Range(61_000, 65_535));
        assertThat(FreePorts.tcpRange(new FreePorts.Range(32_768, 65_000)))
                .isEqualTo(new FreePorts.Range(FreePorts.TCP_FLOOR, 32_767));
        assertThat(FreePorts.tcpRange(new FreePorts.Range(20_500, 65_000))).isNull();
        // UDP never below: that is Asterisk's RTP range.
        assertThat(FreePorts.udpRange(new FreePorts.Range(32_768, 60_999)))
                .isEqualTo(new FreePorts.Range(61_000, 65_535));
        assertThat(FreePorts.udpRange(new FreePorts.Range(32_768, 65_000))).isNull();
    }

    /** A kernel's UDP pick, another JVM's or a library's, never lands on a port handed out here before it is bound. */
    @Test
    void udpPortsLieAboveTheKernelsEphemeralRangeAndBind() throws Exception {
        FreePorts.Range ephemeral = FreePorts.ephemeral();
        assumeTrue(FreePorts.udpRange(ephemeral) != null, "the ephemeral range " + ephemeral
                + " leaves no " + FreePorts.MIN_RANGE + " ports above it");
        for (int i = 0; i < 50; i++) {
            int port = AsteriskSandbox.freeUdpPort();
            assertThat(port).as("UDP port %d above %s", port, ephemeral).isGreaterThan(ephemeral.last());
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /** The failure this guards against: the AGI port given to Asterisk was then handed to the embedded database. */
    @Test
    void aPortHandedOutIsNotTheOneABindOfPortZeroGetsNext() throws Exception {
        for (int i = 0; i < 200; i++) {
            int handed = AsteriskSandbox.freePort();
            try (ServerSocket library = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                assertThat(library.getLocalPort()).isNotEqualTo(handed);
            }
        }
    }

    @Test
    void noPortIsHandedOutTwice() {
        Set<Integer> tcp = new HashSet<>();
        Set<Integer> udp = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertThat(tcp.add(AsteriskSandbox.freePort())).isTrue();
            assertThat(udp.add(AsteriskSandbox.freeUdpPort())).isTrue();
        }
    }

    @Test
    void aTakenTcpPortIsNotHandedOut() throws Exception {
        // Hold a stretch of where ports are drawn, and check that none of what is held comes back.
        assumeOutsideRangeExists(FreePorts.ephemeral());
        FreePorts.Range range = FreePorts.tcpRange(FreePorts.ephemeral());
        List<ServerSocket> held = new ArrayList<>();
        Set<Integer> heldPorts = new HashSet<>();
        try {
            for (int port = range.first(); port < Math.min(range.first() + 500, range.last()); port++) {
                try {
                    held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                    heldPorts.add(port);
                } catch (IOException alreadyTaken) {
                    // Someone else holds it: not ours to check.
                }
            }
            assertThat(heldPorts).hasSizeGreaterThan(400);
            for (int i = 0; i < 200; i++) {
                assertThat(heldPorts).doesNotContain(AsteriskSandbox.freePort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Test
    void mediaBlocksAreFourFreePortsFromAnEvenOneAndNoOtherPickLandsInThem() throws Exception {
        Set<Integer> inBlocks = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int base = AsteriskSandbox.freeMediaPorts();
            assertThat(base % 2).as("SIPp's audio port %d is even", base).isZero();
            assertThat(base).isBetween(32_000, 60_000 - 4);
            List<DatagramSocket> bound = new ArrayList<>();
            try {
                for (int port = base; port < base + 4; port++) {
                    assertThat(inBlocks.add(port)).as("port %d in two blocks", port).isTrue();
                    bound.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                }
            } finally {
                bound.forEach(DatagramSocket::close);
            }
        }
        for (int i = 0; i < 300; i++) {
            assertThat(inBlocks).doesNotContain(AsteriskSandbox.freeUdpPort());
        }
    }

    @Test
    void udpPortsBind() throws Exception {
        int port = AsteriskSandbox.freeUdpPort();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    /**
     * A kernel whose ephemeral range leaves no side of 1,000 ports gets the kernel's picks, which these tests do not
     * cover.
     */
    private static void assumeOutsideRangeExists(FreePorts.Range ephemeral) {
        assumeTrue(FreePorts.tcpRange(ephemeral) != null,
                "the ephemeral range " + ephemeral + " leaves no side of " + FreePorts.MIN_RANGE
                        + " ports to draw from");
    }
}
