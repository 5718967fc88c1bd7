package org.acdserver.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The stored configuration versions ({@code config_version}): each activation whose files differ from the newest
 * stored version adds one, numbered from 1, with the full text of every file, so that any of them can be read,
 * compared and activated again after a restart. Blocking JDBC: call it off the event loops.
 */
public final class ConfigurationVersions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> FILES = new TypeReference<>() {
    };

    /** How a version came to be activated. */
    public enum Source {
        /** The server's start. */
        STARTUP,
        /** A reload asked for by a user ({@code POST /reload}, {@code acd-server reload}). */
        RELOAD,
        /** The file watch saw the files change. */
        FILE,
        /** A write through the REST API. */
        API,
        /** A stored version activated again. */
        ROLLBACK;

        /** The name stored and shown. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A version without its files' text, as a list shows it. */
    public record Summary(int number, Instant activatedAt, String actor, String source, String detail,
                          String contentHash, List<String> files) {
    }

    /** A version with the text of each file, by its path relative to the configuration directory. */
    public record Version(int number, Instant activatedAt, String actor, String source, String detail,
                          String contentHash, SortedMap<String, String> files) {

        /** The same without the files' text. */
        public Summary summary() {
            return new Summary(number, activatedAt, actor, source, detail, contentHash, List.copyOf(files.keySet()));
        }
    }

    /** What {@link #record} did: the version now newest, and whether it was added by this call. */
    public record Recorded(Version version, boolean added) {
    }

    private final DataSource dataSource;

    public ConfigurationVersions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** SHA-256 over every file's name and text, in name order, hex. */
    public static String hash(Map<String, String> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((name, text) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores these files as the next version unless the newest stored version has the same content; either way
     * answers the version that is now newest. Two servers on one database serialise on the table's lock.
     */
    public Recorded record(Map<String, String> files, String actor, Source source, String detail)
            throws SQLException {
        String hash = hash(files);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement lock = c.createStatement()) {
                    lock.execute("LOCK TABLE config_version IN SHARE ROW EXCLUSIVE MODE");
                }
                Optional<Version> newest = newest(c);
                if (newest.isPresent() && newest.get().contentHash().equals(hash)) {
                    c.commit();
                    return new Recorded(newest.get(), false);
                }
                int number = newest.map(v -> v.number() + 1).orElse(1);
                Instant at;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO config_version (number, actor, source,"
                        + " detail, content_hash, files) VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING activated_at")) {
                    ps.setInt(1, number);
                    ps.setString(2, actor);
                    ps.setString(3, source.wireName());
                    ps.setString(4, detail);
                    ps.setString(5, hash);
                    ps.setString(6, JSON.writeValueAsString(new TreeMap<>(files)));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        at = rs.getTimestamp(1).toInstant();
                    }
                }
                c.commit();
                return new Recorded(new Version(number, at, actor, source.wireName(), detail, hash,
                        new TreeMap<>(files)), true);
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("storing a configuration version: " + e.getMessage(), e);
            }
        }
    }

    /** Every stored version, newest first, without the files' text. */
    public List<Summary> list() throws SQLException {
        List<Summary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT number, activated_at, actor, source, detail, content_hash,"
                        + " ARRAY(SELECT jsonb_object_keys(files) ORDER BY 1) FROM config_version"
                        + " ORDER BY number DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] names = (String[]) rs.getArray(7).getArray();
                out.add(new Summary(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), List.of(names)));
            }
        }
        return out;
    }

    /** One version with its files' text, if stored. */
    public Optional<Version> read(int number) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT number, activated_at, actor, source, detail, content_hash, files FROM config_version"
                        + " WHERE number = ?")) {
            ps.setInt(1, number);
            return one(ps);
        }
    }

    /** The newest stored version, if any. */
    public Optional<Version> newest() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return newest(c);
        }
    }

    private static Optional<Version> newest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT number, activated_at, actor, source, detail,"
                + " content_hash, files FROM config_version ORDER BY number DESC LIMIT 1")) {
            return one(ps);
        }
    }

    private static Optional<Version> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            TreeMap<String, String> files;
            try {
                files = JSON.readValue(rs.getString(7), FILES);
            } catch (JsonProcessingException e) {
                throw new SQLException("config_version " + rs.getInt(1) + ": files are not a JSON object of texts", e);
            }
            return Optional.of(new Version(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), files));
        }
    }
}
