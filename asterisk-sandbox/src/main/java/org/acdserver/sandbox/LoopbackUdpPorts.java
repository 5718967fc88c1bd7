package org.acdserver.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which process holds a UDP port on 127.0.0.1, read from the kernel's socket table ({@code /proc/net/udp}) and the
 * process's open files, without touching the port: a probe that binds it would itself make a SIPp starting at that
 * moment fail.
 */
final class LoopbackUdpPorts {

    /** The IPv4 table, and the IPv6 one, where Java's own sockets on 127.0.0.1 are (as ::ffff:127.0.0.1). */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    /** 127.0.0.1 and 0.0.0.0 as IPv4 tables write them; then ::ffff:127.0.0.1 and :: as IPv6 tables do. */
    private static final Set<String> LOOPBACK_OR_ANY = Set.of("0100007F", "00000000",
            "0000000000000000FFFF00000100007F", "00000000000000000000000000000000");

    private LoopbackUdpPorts() {
    }

    /** Whether this machine's kernel socket tables can be read: without them nothing here can be told. */
    static boolean readable() {
        return Files.isReadable(TABLES.getFirst());
    }

    /** Whether process {@code pid} holds {@code port} on 127.0.0.1 (or on every address) now. */
    static boolean heldBy(long pid, int port) {
        try {
            Set<String> sockets = socketInodes(String.valueOf(pid));
            for (Path table : TABLES) {
                if (Files.exists(table) && inodes(Files.readString(table, StandardCharsets.US_ASCII), port)
                        .anyMatch(sockets::contains)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            // The process is gone, or the table unreadable: it holds nothing that can be seen.
            return false;
        }
    }

    /**
     * The inodes of the sockets that {@code table}, in the format of {@code /proc/net/udp} or {@code udp6}, lists on
     * {@code port} of 127.0.0.1 or of every address: a header line, then a socket a line whose second field is the
     * local address (the address in hex, 32-bit words in the machine's byte order, a colon, the port in hex) and
     * whose tenth is the socket's inode.
     */
    static Stream<String> inodes(String table, int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        return table.lines().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length > 9 && f[1].endsWith(suffix))
                .filter(f -> LOOPBACK_OR_ANY.contains(f[1].substring(0, f[1].length() - suffix.length())))
                .map(f -> f[9]);
    }

    private static Set<String> socketInodes(String pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            return fds.map(LoopbackUdpPorts::target).filter(t -> t.startsWith("socket:["))
                    .map(t -> t.substring("socket:[".length(), t.length() - 1)).collect(Collectors.toSet());
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            // Closed since it was listed.
            return "";
        }
    }
}
