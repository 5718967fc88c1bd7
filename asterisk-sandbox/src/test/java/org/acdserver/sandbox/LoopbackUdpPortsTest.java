package org.acdserver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Reading who holds a loopback UDP port from the kernel's tables, as SIPp's start waits for it. */
class LoopbackUdpPortsTest {

    private static final String TABLE = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              101: 0100007F:B868 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 812345 2 0000000000000000 0
              102: 00000000:22B8 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 812346 2 0000000000000000 0
              103: 0A00020F:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 812347 2 0000000000000000 0
            """;

    @Test
    void findsTheSocketOnLoopbackOrOnEveryAddressByItsHexPort() {
        assertThat(LoopbackUdpPorts.inodes(TABLE, 47208)).containsExactly("812345");
        assertThat(LoopbackUdpPorts.inodes(TABLE, 8888)).containsExactly("812346");
        // Port 8080 is bound only on another address (10.0.2.15), not on loopback.
        assertThat(LoopbackUdpPorts.inodes(TABLE, 8080)).isEmpty();
        assertThat(LoopbackUdpPorts.inodes(TABLE, 5060)).isEmpty();
    }

    @Test
    void readsTheIpv6TableToo() {
        String udp6 = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
                 7: 0000000000000000FFFF00000100007F:C350 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 900001 2 0000000000000000 0
                 8: 00000000000000000000000000000000:C351 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 900002 2 0000000000000000 0
                 9: 00000000000000000000000001000000:C352 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 900003 2 0000000000000000 0
                """;
        assertThat(LoopbackUdpPorts.inodes(udp6, 50000)).containsExactly("900001");
        assertThat(LoopbackUdpPorts.inodes(udp6, 50001)).containsExactly("900002");
        // ::1 is not 127.0.0.1: a socket there does not stop SIPp binding 127.0.0.1.
        assertThat(LoopbackUdpPorts.inodes(udp6, 50002)).isEmpty();
    }

    @Test
    void tellsWhetherThisProcessHoldsAPort() throws Exception {
        assertThat(LoopbackUdpPorts.readable()).as("this machine's /proc/net/udp").isTrue();
        long self = ProcessHandle.current().pid();
        int port;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = socket.getLocalPort();
            assertThat(LoopbackUdpPorts.heldBy(self, port)).isTrue();
            // Another process does not hold it: the parent of this JVM (Maven's or the shell).
            long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            assertThat(LoopbackUdpPorts.heldBy(parent, port)).isFalse();
        }
        assertThat(LoopbackUdpPorts.heldBy(self, port)).isFalse();
    }
}
