package org.acdserver.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * Loopback ports for the servers a test starts, picked so that nothing else is handed the same one before it is bound.
 *
 * <p>A port found by binding port 0 and closing it is free only until someone else binds port 0: the kernel may hand
 * the same port out again, and libraries that start servers of their own (the embedded PostgreSQL) find theirs that
 * way. A test that gave Asterisk an AGI port found so, then started the database and then bound the AGI port, lost it
 * to the database. So:
 * <ul>
 *   <li>TCP ports are drawn at random outside the kernel's ephemeral range
 *       ({@code /proc/sys/net/ipv4/ip_local_port_range}), which the kernel never hands to a bind of port 0 or to an
 *       outgoing connection: above it (61,000-65,535 on Linux's default), else below it down to {@link #TCP_FLOOR}.
 *       Above it comes first because Selenium picks chromedriver's port at random from the larger side, which is below
 *       it on Linux's default. A port is handed out only if it binds now.</li>
 *   <li>UDP ports are drawn the same way, but only above the ephemeral range: below it lies Asterisk's RTP range
 *       (5,000-31,000). A kernel that leaves no room above gets the kernel's pick.</li>
 *   <li>SIPp's media takes a block of four UDP ports ({@link #mediaBlock()}), drawn at random above Asterisk's RTP
 *       range, so that two picks rarely meet.</li>
 *   <li>All of them go into one ledger: one process never hands out the same port twice, so two servers or phones
 *       of one test never share one, and a UDP pick never lands in a media block handed out before SIPp bound
 *       it.</li>
 *   <li>Test JVMs that run side by side ({@link TestFork}) draw from slices of their own, since one process's
 *       ledger cannot see another's picks. Drawn ports lie outside the ephemeral range, so no kernel pick of one
 *       JVM lands on a port the other drew, nor in a media block (whose range the kernel's overlaps, so a media
 *       block is checked to bind).</li>
 * </ul>
 */
final class FreePorts {

    /** The lowest TCP port drawn below the ephemeral range: above the well-known services and fixed configuration. */
    static final int TCP_FLOOR = 20_000;
    /** Linux's default ephemeral range, for a kernel that does not say. */
    private static final Range DEFAULT_EPHEMERAL = new Range(32_768, 60_999);
    /** A side of the ephemeral range with fewer ports than this is not drawn from. */
    static final int MIN_RANGE = 1_000;
    private static final int ATTEMPTS = 500;
    /** SIPp's media blocks: 7,000 blocks of four from 32,000, above Asterisk's RTP range (5,000-31,000). */
    private static final int MEDIA_FIRST = 32_000;
    private static final int MEDIA_BLOCKS = 7_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** Ports {@code first} to {@code last}, both included. */
    record Range(int first, int last) {
        boolean contains(int port) {
            return port >= first && port <= last;
        }

        int size() {
            return last - first + 1;
        }
    }

    private FreePorts() {
    }

    /** A TCP port on the loopback interface, free now, outside the ephemeral range, and not handed out before. */
    static int tcp() {
        Range side = tcpRange(ephemeral());
        return side == null ? kernelTcp() : draw("TCP", TestFork.current().slice(side), FreePorts::bindsTcp);
    }

    /** A UDP port on the loopback interface, free now, above the ephemeral range, and not handed out before. */
    static int udp() {
        Range side = udpRange(ephemeral());
        return side == null ? kernelUdp() : draw("UDP", TestFork.current().slice(side),
                port -> bindsUdp(List.of(port)));
    }

    /** A port of {@code range} that is not in the ledger and binds now, entered in the ledger. */
    private static int draw(String protocol, Range range, IntPredicate binds) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(range.first(), range.last() + 1);
            if (!HANDED_OUT.contains(port) && binds.test(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free " + protocol + " port on loopback from " + range.first() + " to "
                + range.last() + " in " + ATTEMPTS + " tries");
    }

    /** Where TCP ports are drawn, given the ephemeral range: above it, else below it; null when neither side is big. */
    static Range tcpRange(Range ephemeral) {
        Range above = udpRange(ephemeral);
        if (above != null) {
            return above;
        }
        Range below = new Range(TCP_FLOOR, ephemeral.first() - 1);
        return below.size() >= MIN_RANGE ? below : null;
    }

    /** Where UDP ports are drawn: above the ephemeral range only (below it is Asterisk's RTP); null when small. */
    static Range udpRange(Range ephemeral) {
        Range above = new Range(ephemeral.last() + 1, 65_535);
        return above.size() >= MIN_RANGE ? above : null;
    }

    /**
     * The first of four free UDP ports on the loopback interface, the first even, none handed out before: SIPp's media
     * port takes audio on it and video two above, each with its RTCP port next to it.
     */
    static int mediaBlock() {
        Range blocks = TestFork.current().slice(new Range(0, MEDIA_BLOCKS - 1));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = MEDIA_FIRST + 4 * ThreadLocalRandom.current().nextInt(blocks.first(), blocks.last() + 1);
            List<Integer> block = List.of(base, base + 1, base + 2, base + 3);
            if (claim(block)) {
                if (bindsUdp(block)) {
                    return base;
                }
                HANDED_OUT.removeAll(block);
            }
        }
        throw new IllegalStateException("no four free UDP ports in a row for SIPp's media in " + ATTEMPTS + " tries");
    }

    /** The kernel's ephemeral range, read from {@code /proc}; Linux's default when unreadable. */
    static Range ephemeral() {
        // Read by line: Files.readString takes a sysctl file's size (0) as a hint and returns its first byte only.
        try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)) {
            String[] bounds = in.readLine().trim().split("\\s+");
            return new Range(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]));
        } catch (IOException | RuntimeException e) {
            // Not Linux, or a kernel without the file: assume its default.
            return DEFAULT_EPHEMERAL;
        }
    }

    private static boolean bindsTcp(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // The servers given these ports bind with SO_REUSEADDR, as Java's, Asterisk's and PostgreSQL's do on
            // Linux: probing the same way counts a port that only lingers in TIME_WAIT as free, as it is for them.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelTcp() {
        return kernelPick("TCP", () -> {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        });
    }

    private static int kernelUdp() {
        return kernelPick("UDP", () -> {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                return s.getLocalPort();
            }
        });
    }

    /** Enters every one of {@code ports} in the ledger, or none when one is there already. */
    private static boolean claim(List<Integer> ports) {
        for (int i = 0; i < ports.size(); i++) {
            if (!HANDED_OUT.add(ports.get(i))) {
                HANDED_OUT.removeAll(ports.subList(0, i));
                return false;
            }
        }
        return true;
    }

    private static boolean bindsUdp(List<Integer> ports) {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int port : ports) {
                held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            }
            return true;
        } catch (SocketException taken) {
            return false;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    /** Binds a socket to the port the kernel picks, closes it, and says which port that was. */
    private interface KernelBind {
        int bindAndClose() throws IOException;
    }

    /** The kernel's pick of a port, unless it was handed out before. */
    private static int kernelPick(String protocol, KernelBind bind) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                int port = bind.bindAndClose();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free " + protocol + " port on loopback", e);
            }
        }
        throw new IllegalStateException("no " + protocol + " port not handed out already in " + ATTEMPTS + " tries");
    }
}
