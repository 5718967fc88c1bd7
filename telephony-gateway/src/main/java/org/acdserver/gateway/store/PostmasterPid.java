package org.acdserver.gateway.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a PostgreSQL server writes into {@code postmaster.pid} in its data directory while it runs: its process id on
 * the first line and its port on the fourth. A server that stops cleanly removes the file; one that was killed, or
 * whose owner was killed, leaves it behind.
 *
 * @param file the pid file it was read from
 * @param pid  the postmaster's process id
 * @param port the port it listens on, or 0 when the line is missing
 */
public record PostmasterPid(Path file, long pid, int port) {

    /** The file's name inside a data directory. */
    public static final String FILE_NAME = "postmaster.pid";

    /**
     * Reads the pid file of a data directory.
     *
     * @return empty when there is no such file
     * @throws IOException when it exists but cannot be read or does not start with a process id
     */
    public static Optional<PostmasterPid> read(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            int port = lines.size() > 3 && !lines.get(3).isBlank() ? Integer.parseInt(lines.get(3).trim()) : 0;
            return Optional.of(new PostmasterPid(file, pid, port));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IOException(file + ":1: not a PostgreSQL pid file (expected a process id on the first line)",
                    e);
        }
    }

    /**
     * Whether the process named by this file is a live PostgreSQL server running on {@code dataDirectory}. A
     * PostgreSQL server's working directory is its data directory, which tells it apart from an unrelated process
     * that was given the same id after the old server died. Where {@code /proc} cannot say, a live process whose
     * executable is named {@code postgres} counts.
     */
    public boolean runningOn(Path dataDirectory) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            return cwd.equals(dataDirectory.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return process.get().info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                    .orElse(false);
        }
    }
}
