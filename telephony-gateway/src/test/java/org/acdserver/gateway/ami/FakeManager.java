package org.acdserver.gateway.ami;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in manager on the loopback interface for unit tests: banner, Login against one secret, Ping,
 * CoreShowChannels, DeviceStateList (or an error when "unavailable"), Logoff; actions named in {@code silentActions}
 * get no answer. It can push raw text to every client and drop every connection, as an Asterisk restart would, or
 * freeze, as a stopped or hung Asterisk does.
 */
final class FakeManager implements AutoCloseable {

    private final String secret;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger refusedLogins = new AtomicInteger();
    final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    volatile List<String> channels = List.of("Local/agent1@sim-agent-00000001;1");
    volatile Map<String, String> deviceStates = Map.of("Custom:agent1", "INUSE");
    volatile boolean deviceStatesUnavailable;
    volatile Set<String> silentActions = Set.of();
    /**
     * While true, the manager is open but silent, like an Asterisk stopped with SIGSTOP or a network path that died
     * without a reset: connections stay open, actions get no answer, and a connection made meanwhile gets no banner.
     */
    volatile boolean frozen;
    /** While true, a login gets no FullyBooted event, like one made while Asterisk is still starting. */
    volatile boolean booting;

    FakeManager(String secret) throws InterruptedException {
        this.secret = secret;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(4096), new Session());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Writes raw text to every connected client. */
    void push(String raw) {
        clients.writeAndFlush(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
    }

    /** Cuts every connection, as a restart of Asterisk does. */
    void dropAll() {
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    int connected() {
        return clients.size();
    }

    @Override
    public void close() {
        dropAll();
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One client connection: collects an action's lines, answers on the empty line. */
    private final class Session extends SimpleChannelInboundHandler<ByteBuf> {
        private Map<String, String> action = new LinkedHashMap<>();
        private boolean loggedIn;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            clients.add(ctx.channel());
            if (!frozen) {
                write(ctx, "Asterisk Call Manager/9.0.0\r\n");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            String line = frame.toString(StandardCharsets.UTF_8).stripTrailing();
            if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                action.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).strip());
                return;
            }
            Map<String, String> a = action;
            action = new LinkedHashMap<>();
            actions.add(a);
            if (!frozen) {
                answer(ctx, a);
            }
        }

        private void answer(ChannelHandlerContext ctx, Map<String, String> a) {
            String name = a.getOrDefault("action", "");
            String id = "ActionID: " + a.get("actionid") + "\r\n";
            if (silentActions.contains(name)) {
                return;
            }
            if (name.equalsIgnoreCase("Login")) {
                if (secret.equals(a.get("secret"))) {
                    loggedIn = true;
                    logins.incrementAndGet();
                    write(ctx, "Response: Success\r\n" + id + "Message: Authentication accepted\r\n\r\n"
                            + (booting ? "" : "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted"
                            + "\r\n\r\n"));
                } else {
                    refusedLogins.incrementAndGet();
                    // Like Asterisk: the error, then the connection ends.
                    ctx.writeAndFlush(Unpooled.copiedBuffer("Response: Error\r\n" + id
                            + "Message: Authentication failed\r\n\r\n", StandardCharsets.UTF_8))
                            .addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            if (!loggedIn) {
                write(ctx, "Response: Error\r\n" + id + "Message: Permission denied\r\n\r\n");
                return;
            }
            switch (name) {
                case "Ping" -> write(ctx, "Response: Success\r\n" + id + "Ping: Pong\r\n\r\n");
                case "CoreShowChannels" -> {
                    StringBuilder b = new StringBuilder("Response: Success\r\n" + id + "EventList: start\r\n"
                            + "Message: Channels will follow\r\n\r\n");
                    for (String c : channels) {
                        b.append("Event: CoreShowChannel\r\n").append(id).append("Channel: ").append(c)
                                .append("\r\n\r\n");
                    }
                    b.append("Event: CoreShowChannelsComplete\r\n").append(id).append("EventList: Complete\r\n")
                            .append("ListItems: ").append(channels.size()).append("\r\n\r\n");
                    write(ctx, b.toString());
                }
                case "DeviceStateList" -> {
                    if (deviceStatesUnavailable) {
                        write(ctx, "Response: Error\r\n" + id + "Message: Invalid/unknown command: "
                                + "DeviceStateList. Use Action: ListCommands to show available commands.\r\n\r\n");
                        return;
                    }
                    StringBuilder b = new StringBuilder("Response: Success\r\n" + id + "EventList: start\r\n\r\n");
                    deviceStates.forEach((d, s) -> b.append("Event: DeviceStateChange\r\n").append(id)
                            .append("Device: ").append(d).append("\r\nState: ").append(s).append("\r\n\r\n"));
                    b.append("Event: DeviceStateListComplete\r\n").append(id).append("EventList: Complete\r\n\r\n");
                    write(ctx, b.toString());
                }
                case "Logoff" -> ctx.writeAndFlush(Unpooled.copiedBuffer("Response: Goodbye\r\n" + id
                        + "Message: Thanks for all the fish.\r\n\r\n", StandardCharsets.UTF_8))
                        .addListener(ChannelFutureListener.CLOSE);
                default -> write(ctx, "Response: Error\r\n" + id + "Message: Invalid/unknown command\r\n\r\n");
            }
        }

        private void write(ChannelHandlerContext ctx, String s) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        }
    }
}
