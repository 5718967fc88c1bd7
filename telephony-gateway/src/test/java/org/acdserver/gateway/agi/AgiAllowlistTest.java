package org.acdserver.gateway.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI port takes connections only from agi.allow: a real server on 127.0.0.1 and real sockets, one from
 * 127.0.0.1 (served) and one bound to 127.0.0.2, another loopback address that is not allowed (closed unread, with a
 * log line naming it).
 */
class AgiAllowlistTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<AgiSession> started = new CompletableFuture<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AgiPeerFilter.class);
    private AgiServer server;

    @BeforeEach
    void start() throws Exception {
        log.start();
        logger.addAppender(log);
        AgiScriptResolver resolver = name -> Optional.of(started::complete);
        server = new AgiServer(AgiServerSettings.defaults("127.0.0.1", 0), List.of("127.0.0.1", "::1"), resolver,
                group, group);
        server.start();
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aPeerOutsideTheAllowlistIsClosedUnreadWithALogLineAndAnAllowedOneIsServed() throws Exception {
        try (Socket stranger = new Socket()) {
            stranger.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            stranger.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
            stranger.setSoTimeout(5_000);
            OutputStream out = stranger.getOutputStream();
            InputStream in = stranger.getInputStream();
            // The server closes the connection: the read sees the end of the stream (or a reset).
            int read;
            try {
                out.write(request().getBytes(StandardCharsets.UTF_8));
                read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("the connection from 127.0.0.2 was closed").isEqualTo(-1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.connectionsRefused() == 1);
        assertThat(started).as("no script ran for the stranger").isNotDone();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                .startsWith("FastAGI connection from 127.0.0.2:").contains("refused: not in agi.allow")
                .contains("127.0.0.1"));

        try (Socket asterisk = new Socket("127.0.0.1", server.port())) {
            asterisk.getOutputStream().write(request().getBytes(StandardCharsets.UTF_8));
            AgiSession session = started.get(5, TimeUnit.SECONDS);
            assertThat(session.request().script()).isEqualTo("main");
        }
        assertThat(server.connectionsRefused()).isEqualTo(1);
    }

    private static String request() {
        return "agi_network: yes\nagi_network_script: main\nagi_uniqueid: 1.1\nagi_callerid: 5550001\n\n";
    }
}
