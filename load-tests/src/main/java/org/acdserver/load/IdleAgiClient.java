package org.acdserver.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * A synthetic Asterisk for capacity tests: opens many FastAGI sessions to the server and plays the caller's side
 * (answers every command, presses 1 at the greeting) until the server holds the call in a queue with
 * {@code WAIT FOR DIGIT}; it never answers that, so the session stays idle, exactly like a caller waiting for an agent.
 *
 * <p>Connections come from several loopback source addresses so that ephemeral ports do not run out.
 */
@Command(name = "idle-agi-client", mixinStandardHelpOptions = true)
public final class IdleAgiClient implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", defaultValue = "4573")
    int port;

    @Option(names = "--sessions", defaultValue = "10000")
    int sessions;

    @Option(names = "--script", defaultValue = "main")
    String script;

    @Option(names = "--in-flight", defaultValue = "256", description = "sessions being set up at once")
    int inFlight;

    @Option(names = "--hold-seconds", defaultValue = "0",
            description = "keep the sessions open this long; 0 = until killed")
    int holdSeconds;

    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdleAgiClient()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Semaphore setup = new Semaphore(inFlight);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(8192), new CallerSide(setup));
                    }
                });
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            setup.acquire();
            // 127.0.0.2 .. 127.0.0.41: about 28,000 ephemeral ports each.
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i % 40), 0);
            int n = i;
            b.connect(new InetSocketAddress(host, port), local).addListener(f -> {
                if (f.isSuccess()) {
                    var ch = ((ChannelFuture) f).channel();
                    ch.writeAndFlush(ch.alloc().buffer().writeBytes(request(n)));
                } else {
                    failed.incrementAndGet();
                    setup.release();
                }
            });
            if ((i + 1) % 5000 == 0) {
                System.out.printf("opened %d, held in queue %d, failed %d%n", i + 1, held.get(), failed.get());
            }
        }
        setup.acquire(inFlight);
        System.out.printf("HELD %d sessions in queue (%d failed) after %.1f s%n", held.get(), failed.get(),
                (System.nanoTime() - start) / 1e9);
        System.out.flush();
        if (holdSeconds > 0) {
            Thread.sleep(holdSeconds * 1000L);
        } else {
            Thread.currentThread().join();
        }
        group.shutdownGracefully();
        return 0;
    }

    private byte[] request(int n) {
        String req = "agi_network: yes\n"
                + "agi_network_script: " + script + "\n"
                + "agi_request: agi://" + host + ":" + port + "/" + script + "\n"
                + "agi_channel: Local/s@sim-caller-" + n + ";1\n"
                + "agi_uniqueid: idle-" + String.format("%09d", n) + "\n"
                + "agi_callerid: 555" + String.format("%07d", n % 10_000_000) + "\n"
                + "agi_extension: 100\n"
                + "agi_arg_1: 555" + String.format("%07d", n % 10_000_000) + "\n"
                + "\n";
        return req.getBytes(StandardCharsets.US_ASCII);
    }

    /** Replies as Asterisk would, and stops replying once the caller is held in a queue. */
    private final class CallerSide extends SimpleChannelInboundHandler<ByteBuf> {
        private final Semaphore setup;
        private boolean done;

        CallerSide(Semaphore setup) {
            this.setup = setup;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String cmd = line.toString(StandardCharsets.US_ASCII);
            String reply;
            if (cmd.startsWith("WAIT FOR DIGIT")) {
                if (!done) {
                    done = true;
                    held.incrementAndGet();
                    setup.release();
                }
                return;
            } else if (cmd.startsWith("STREAM FILE")) {
                reply = "200 result=49 endpos=1600\n";
            } else if (cmd.startsWith("GET DATA")) {
                reply = "200 result=1\n";
            } else if (cmd.startsWith("GET FULL VARIABLE")) {
                // A menu read with EXEC Read asks for its keys and READSTATUS together: key 1, read OK.
                reply = "200 result=1 (1|OK)\n";
            } else if (cmd.startsWith("GET FULL VARIABLE")) {
                // The keys and status of a menu's Read: the caller pressed 1.
                reply = "200 result=1 (1|OK)\n";
            } else {
                reply = "200 result=0\n";
            }
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                done = true;
                failed.incrementAndGet();
                setup.release();
            } else {
                held.decrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
