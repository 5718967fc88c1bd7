package org.acdserver.gateway.pages;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The last lines the server (and everything else in the test JVM) logged, kept in memory so that a failing page test
 * can print what the server did around the failure next to what the browser did. Installed once per JVM on the root
 * logger, at the levels logback-test.xml sets; it keeps {@value #KEPT} lines.
 */
final class ServerLog extends AppenderBase<ILoggingEvent> {

    private static final int KEPT = 400;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final ServerLog INSTANCE = new ServerLog();

    private final Deque<String> lines = new ArrayDeque<>();

    /**
     * Starts keeping lines, once per JVM. While logging itself is still starting on another thread (its factory is
     * not logback's yet) this does nothing, and the next call tries again.
     */
    static synchronized void keep() {
        if (INSTANCE.isStarted() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        INSTANCE.setContext(context);
        INSTANCE.setName("server-log-for-page-tests");
        INSTANCE.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(INSTANCE);
    }

    /** The last {@code count} lines, oldest first, times in UTC. */
    static List<String> last(int count) {
        synchronized (INSTANCE.lines) {
            List<String> all = List.copyOf(INSTANCE.lines);
            return all.subList(Math.max(0, all.size() - count), all.size());
        }
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder line = new StringBuilder(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()))).append(' ')
                .append(e.getLevel()).append(" [").append(e.getThreadName()).append("] ")
                .append(e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1)).append(" - ")
                .append(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
            line.append(System.lineSeparator()).append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        synchronized (lines) {
            lines.addLast(line.toString());
            while (lines.size() > KEPT) {
                lines.removeFirst();
            }
        }
    }
}
