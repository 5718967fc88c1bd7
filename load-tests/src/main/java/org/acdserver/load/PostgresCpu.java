package org.acdserver.load;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time of a PostgreSQL server on this host and all its processes (backends, WAL writer, checkpointer), found
 * by the port its JDBC URL names. The embedded server's postmaster is not a child of the JVM that started it:
 * {@code pg_ctl} starts it in the background and exits, so the postmaster is handed to init.
 */
public final class PostgresCpu {

    private final long postmaster;

    private PostgresCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /**
     * The postmaster listening on the port of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}), found among
     * this host's processes by its command line ({@code postgres ... -p <port>}); empty when none is found, as for a
     * server on another host, or when the URL names no single port.
     */
    public static Optional<PostgresCpu> of(String jdbcUrl) {
        int port;
        try {
            port = URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
        } catch (IllegalArgumentException | IndexOutOfBoundsException notOneHost) {
            // A list of hosts (host1:5432,host2:5432) is no URI, and names no one server here.
            return Optional.empty();
        }
        if (port <= 0) {
            return Optional.empty();
        }
        String p = Integer.toString(port);
        return ProcessHandle.allProcesses().filter(h -> h.info().command().orElse("").endsWith("/postgres"))
                .filter(h -> {
                    List<String> args = List.of(h.info().arguments().orElse(new String[0]));
                    int i = args.indexOf("-p");
                    return i >= 0 && i + 1 < args.size() && args.get(i + 1).equals(p);
                })
                .findFirst().map(h -> new PostgresCpu(h.pid()));
    }

    /** The CPU time the postmaster and its live processes have used so far, in milliseconds. */
    public long millis() {
        return ProcessCpu.millis(postmaster) + ProcessCpu.millis(ProcessHandle.of(postmaster)
                .map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of()));
    }
}
