package org.acdserver.gateway.agi;

import java.time.Duration;

/**
 * Limits and address of the FastAGI server; every per-connection resource is bounded by one of them.
 *
 * @param host              address to bind
 * @param port              port to bind; 0 picks a free one
 * @param maxLineBytes      longest line accepted from Asterisk (Asterisk's own commands stop at 8192)
 * @param maxRequestLines   most {@code agi_*} lines in a request
 * @param requestTimeout    time allowed to send the whole request
 * @param maxQueuedCommands commands a script may queue behind the one outstanding
 * @param maxSessions       concurrent connections; more are closed at once
 */
public record AgiServerSettings(String host, int port, int maxLineBytes, int maxRequestLines,
                                Duration requestTimeout, int maxQueuedCommands, int maxSessions) {

    public static AgiServerSettings defaults(String host, int port) {
        return new AgiServerSettings(host, port, 8192, 128, Duration.ofSeconds(10), 8, 200_000);
    }
}
