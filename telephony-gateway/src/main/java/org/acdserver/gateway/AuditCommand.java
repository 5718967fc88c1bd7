package org.acdserver.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acd-server audit [--since] [--user] [--limit]}: the running server's audit log, oldest of the selection
 * first, one line per entry: when, who (role) from where, what on which target, the outcome and its detail.
 */
@Command(name = "audit", description = "Show the running server's audit log.")
final class AuditCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = "--since", description = "an instant (2026-05-04T09:30:00Z) or a time back (30m, 24h, 7d)")
    String since;

    @Option(names = "--user", description = "only this actor's entries")
    String user;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many entries (default 100)")
    int limit;

    @Override
    public Integer call() throws Exception {
        StringBuilder query = new StringBuilder("/audit?limit=").append(limit);
        if (since != null) {
            Instant from;
            try {
                from = since(since, Instant.now());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            query.append("&since=").append(from);
        }
        if (user != null) {
            query.append("&user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        }
        AdminClient client = admin.client();
        AdminClient.Answer answer = client.send("GET", query.toString(), null);
        if (!answer.ok()) {
            return client.print(answer);
        }
        JsonNode entries = answer.json();
        for (int i = entries.size() - 1; i >= 0; i--) {
            System.out.println(line(entries.get(i)));
        }
        return 0;
    }

    /** An instant, or a time back from now such as {@code 30m}, {@code 24h}, {@code 7d}. */
    static Instant since(String text, Instant now) {
        String t = text.strip();
        if (t.matches("[0-9]+[mhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return now.minus(switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since: '" + text + "' is neither an instant like"
                    + " 2026-05-04T09:30:00Z nor a time back like 30m, 24h or 7d");
        }
    }

    private static String line(JsonNode e) {
        StringBuilder line = new StringBuilder(e.path("at").asText()).append(' ').append(e.path("actor").asText());
        if (!e.path("actorRole").isNull()) {
            line.append(" (").append(e.path("actorRole").asText()).append(')');
        }
        if (!e.path("address").isNull()) {
            line.append(" from ").append(e.path("address").asText());
        }
        line.append(' ').append(e.path("action").asText());
        if (!e.path("target").isNull()) {
            line.append(' ').append(e.path("target").asText());
        }
        line.append(e.path("success").asBoolean() ? " ok" : " FAILED");
        if (!e.path("detail").isNull()) {
            line.append(": ").append(e.path("detail").asText());
        }
        return line.toString();
    }
}
