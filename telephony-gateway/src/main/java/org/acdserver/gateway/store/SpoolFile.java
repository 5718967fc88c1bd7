package org.acdserver.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records waiting for the database in an append-only file, {@code <directory>/<kind>.spool}, that survives a crash
 * and a restart.
 *
 * <p>One record per line: the CRC-32 of the JSON in eight hex digits, a space, and the record's JSON
 * ({@link RecordKind#encode}). An append is forced to disk before it returns. Records are removed from the front
 * only by moving the read position, kept in {@code <kind>.spool.position} (replaced atomically), so nothing already
 * written is ever rewritten; once everything is replayed the file is truncated to nothing. A position lost in a
 * crash only means that some records are written a second time, which their sink ignores (unique key).
 *
 * <p>Damage: a last line without its line break is an append the process did not finish when it died; it is cut
 * off at open. A line whose checksum does not match, or whose JSON cannot be read, is skipped. Both are copied, with
 * the reason, to {@code <kind>.rejected}, where records the database refuses go too, and logged.
 *
 * <p>The file is locked while open: a second server process on the same spool directory fails at start instead of
 * interleaving its records. One thread uses an instance (the record writer's).
 */
public final class SpoolFile<R> implements RecordSpool<R> {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);
    private static final int WINDOW = 1 << 20;

    private final RecordKind<R> kind;
    private final Path file;
    private final Path positionFile;
    private final Path rejectedFile;
    private final FileChannel channel;
    private final FileLock lock;
    /** Start of the oldest line not yet removed. */
    private long readPosition;
    /** Lines from the read position to the end, unreadable ones included. */
    private volatile long size;
    private volatile long unreadable;
    /** Unreadable lines before this offset have been set aside already. */
    private long inspectedUpTo;
    // The last oldest() answer: end offset and line count through each record, and through the last line read.
    private long[] ends = new long[0];
    private int[] linesThrough = new int[0];
    private int answered;
    private long tailEnd;
    private int tailLines;

    private SpoolFile(RecordKind<R> kind, Path directory, FileChannel channel, FileLock lock) {
        this.kind = kind;
        this.file = directory.resolve(kind.name() + ".spool");
        this.positionFile = directory.resolve(kind.name() + ".spool.position");
        this.rejectedFile = directory.resolve(kind.name() + ".rejected");
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) the spool of a record kind in a directory, recovering what an earlier run left.
     *
     * @throws IOException when the file cannot be opened, or another process has it open
     */
    public static <R> SpoolFile<R> open(Path directory, RecordKind<R> kind) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(kind.name() + ".spool");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IOException("spool file " + file + " is already open in this process", e);
        }
        if (lock == null) {
            channel.close();
            throw new IOException("spool file " + file + " is in use by another running server process");
        }
        SpoolFile<R> spool = new SpoolFile<>(kind, directory, channel, lock);
        try {
            spool.recover();
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw new IOException("cannot read spool file " + file + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        long end = channel.size();
        readPosition = readSavedPosition(end);
        long lines = 0;
        long lastLineEnd = readPosition;
        ByteBuffer buf = ByteBuffer.allocate(WINDOW);
        for (long pos = readPosition; pos < end; ) {
            buf.clear();
            int n = channel.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    lines++;
                    lastLineEnd = pos + i + 1;
                }
            }
            pos += n;
        }
        if (lastLineEnd < end) {
            String torn = new String(bytes(lastLineEnd, end), StandardCharsets.UTF_8);
            String reason = "incomplete last line at byte " + lastLineEnd + " of " + file
                    + " (the process stopped while appending it)";
            LOG.warn("{}; set aside in {}", reason, rejectedFile);
            setAside(reason, torn);
            unreadable++;
            channel.truncate(lastLineEnd);
            channel.force(true);
        }
        size = lines;
        inspectedUpTo = readPosition;
        if (lines == 0 && channel.size() > 0) {
            reset();
        }
        if (lines > 0) {
            LOG.info("{} {} records wait in {} from an earlier run; they are written once the database takes them",
                    lines, kind.name(), file);
        }
    }

    private long readSavedPosition(long end) {
        if (!Files.exists(positionFile)) {
            return 0;
        }
        try {
            long p = Long.parseLong(Files.readString(positionFile, StandardCharsets.US_ASCII).trim());
            if (p >= 0 && p <= end) {
                return p;
            }
            LOG.warn("{}: position {} is beyond the spool's end ({}); replaying it all", positionFile, p, end);
        } catch (IOException | NumberFormatException e) {
            LOG.warn("{}: unreadable ({}); replaying the whole spool", positionFile, e.toString());
        }
        return 0;
    }

    @Override
    public void append(List<R> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(records.size() * 512);
        CRC32 crc = new CRC32();
        for (R r : records) {
            byte[] json = kind.encode(r).getBytes(StandardCharsets.UTF_8);
            crc.reset();
            crc.update(json);
            text.append(String.format("%08x", crc.getValue())).append(' ')
                    .append(new String(json, StandardCharsets.UTF_8)).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        long at = channel.size();
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        channel.force(false);
        size += records.size();
    }

    @Override
    public List<R> oldest(int max) throws IOException {
        List<R> out = new ArrayList<>(Math.min(max, (int) Math.min(Integer.MAX_VALUE, size)));
        ends = new long[max];
        linesThrough = new int[max];
        answered = 0;
        tailEnd = readPosition;
        tailLines = 0;
        long fileEnd = channel.size();
        long pos = readPosition;
        int window = WINDOW;
        while (out.size() < max && pos < fileEnd) {
            byte[] data = bytes(pos, Math.min(fileEnd, pos + window));
            int start = 0;
            for (int i = 0; i < data.length && out.size() < max; i++) {
                if (data[i] != '\n') {
                    continue;
                }
                long lineStart = pos + start;
                String line = new String(data, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                tailEnd = pos + start;
                tailLines++;
                R record = parse(line, lineStart);
                if (record != null) {
                    out.add(record);
                    ends[answered] = tailEnd;
                    linesThrough[answered] = tailLines;
                    answered++;
                }
            }
            if (start == 0) {
                if (pos + window >= fileEnd) {
                    break;
                }
                // A line longer than the window: read a larger one.
                window *= 2;
                continue;
            }
            pos += start;
        }
        inspectedUpTo = Math.max(inspectedUpTo, tailEnd);
        return out;
    }

    /** The record on a line, or null (set aside once) when the line is damaged. */
    private R parse(String line, long lineStart) {
        String reason;
        int space = line.indexOf(' ');
        if (space == 8) {
            String json = line.substring(9);
            CRC32 crc = new CRC32();
            crc.update(json.getBytes(StandardCharsets.UTF_8));
            if (String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
                try {
                    return kind.decode(json);
                } catch (IOException | RuntimeException e) {
                    reason = "unreadable record (" + e.getMessage() + ")";
                }
            } else {
                reason = "checksum mismatch";
            }
        } else {
            reason = "no checksum";
        }
        if (lineStart >= inspectedUpTo) {
            unreadable++;
            LOG.error("{}: {} at byte {}; the line is skipped and set aside in {}", file, reason, lineStart,
                    rejectedFile);
            setAside(reason + " at byte " + lineStart + " of " + file, line);
        }
        return null;
    }

    @Override
    public void remove(int count) throws IOException {
        if (count < 0 || count > answered) {
            throw new IllegalArgumentException("cannot remove " + count + " records: the last answer had "
                    + answered);
        }
        if (count == 0 && answered > 0) {
            answered = 0;
            return;
        }
        long newPosition = count == answered ? tailEnd : ends[count - 1];
        int lines = count == answered ? tailLines : linesThrough[count - 1];
        answered = 0;
        if (lines == 0) {
            return;
        }
        readPosition = newPosition;
        size -= lines;
        if (readPosition >= channel.size()) {
            reset();
        } else {
            Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(readPosition), StandardCharsets.US_ASCII);
            Files.move(tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Everything was replayed: start the file over. */
    private void reset() throws IOException {
        channel.truncate(0);
        channel.force(true);
        readPosition = 0;
        inspectedUpTo = 0;
        size = 0;
        Files.deleteIfExists(positionFile);
    }

    private byte[] bytes(long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        long at = from;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return buf.array();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void reject(R record, String reason) {
        LOG.error("{} record {} refused by the database ({}); kept in {}", kind.name(), kind.key(record), reason,
                rejectedFile);
        setAside(reason, kind.encode(record));
    }

    private void setAside(String reason, String payload) {
        String line = Instant.now() + "\t" + reason.replace('\n', ' ').replace('\t', ' ') + "\t" + payload + "\n";
        try {
            Files.writeString(rejectedFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.error("{}: {}; cannot set it aside in {} ({}): {}", file, reason, rejectedFile, e.getMessage(),
                    payload);
        }
    }

    @Override
    public long unreadable() {
        return unreadable;
    }

    /** The spool file's path. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
