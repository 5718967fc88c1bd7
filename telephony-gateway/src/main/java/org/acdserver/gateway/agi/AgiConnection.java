package org.acdserver.gateway.agi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one FastAGI connection: first the request ({@code agi_*} lines closed by an empty line), then
 * commands and replies, one command outstanding at a time.
 *
 * <p>Replies are matched to commands in order. {@code 100 Trying} is intermediate and skipped; {@code 520-} lines
 * are gathered until the closing {@code 520} line; the unsolicited {@code HANGUP} line only marks the caller gone.
 * The one exception to "one outstanding" is {@link #interruptWith}: written during a {@code WAIT FOR DIGIT}, a
 * command makes Asterisk end the wait with a reply of its own and then run the new command, so two replies are
 * expected, in order (three when a {@link #NUDGE} had to follow). Everything runs on the channel's event loop; public
 * methods hop onto it.
 */
final class AgiConnection extends SimpleChannelInboundHandler<ByteBuf> implements AgiSession {

    private static final Logger LOG = LoggerFactory.getLogger(AgiConnection.class);

    private enum State { REQUEST, RUNNING, CLOSED }

    /**
     * A command to interrupt a wait is held back until the wait has been in Asterisk's hands this long. Written
     * together, the two lines can land in Asterisk's read buffer at once; the wait then never sees its socket become
     * readable and is not interrupted (seen on Asterisk 22 under load). Callers also wait with a finite timeout, so
     * even a lost interrupt only delays the next command until the wait ends.
     */
    static final long INTERRUPT_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(30);

    /**
     * When a wait has not ended this long after a command was written into it, Asterisk may have read that command
     * together with the wait after all (a channel thread that ran late under load), so a {@code NOOP} line follows:
     * new bytes on the socket end the wait, and Asterisk then runs the command it holds. If the wait was merely slow
     * to answer, the {@code NOOP} runs after that command and costs one reply. Without it a lost interrupt would cost
     * the rest of the wait's timeout, which is what lets callers hold with long waits.
     */
    static final long INTERRUPT_NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** The line written after an interrupt that a wait did not answer in time. */
    static final String NUDGE = "NOOP";

    /** A command and the future its reply completes. */
    private static final class Pending {
        final String command;
        final CompletableFuture<AgiReply> reply;
        /** True for WAIT FOR DIGIT: a command written during it ends it with a reply of its own. */
        final boolean interruptible;
        long writtenAt;

        Pending(String command, CompletableFuture<AgiReply> reply) {
            this.command = command;
            this.reply = reply;
            this.interruptible = command.startsWith("WAIT FOR DIGIT");
        }

        CompletableFuture<AgiReply> reply() {
            return reply;
        }

        String command() {
            return command;
        }
    }

    private final AgiServerSettings settings;
    private final AgiScriptResolver resolver;
    private final AgiServer.Counters counters;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final ArrayDeque<Pending> written = new ArrayDeque<>(2);
    private final ArrayDeque<Pending> queued = new ArrayDeque<>(2);
    private final CompletableFuture<Void> hangup = new CompletableFuture<>();
    private List<String> usage;
    /** The command that hands the call back to the dialplan, once {@link #handBack} was asked for; else null. */
    private Pending handBack;
    private boolean handBackWritten;
    private State state = State.REQUEST;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> requestTimer;
    private AgiRequest request;
    private volatile boolean hungUp;
    private boolean admitted;

    AgiConnection(AgiServerSettings settings, AgiScriptResolver resolver, AgiServer.Counters counters) {
        this.settings = settings;
        this.resolver = resolver;
        this.counters = counters;
    }

    // ---- Netty side --------------------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        admitted = counters.admit();
        if (!admitted) {
            reject("too many sessions (" + settings.maxSessions() + ")");
            return;
        }
        requestTimer = ctx.executor().schedule(() -> {
            if (state == State.REQUEST) {
                reject("no complete request within " + settings.requestTimeout().toMillis() + " ms");
            }
        }, settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        String line = frame.toString(StandardCharsets.UTF_8);
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line = line.substring(0, line.length() - 1);
        }
        switch (state) {
            case REQUEST -> requestLine(line);
            case RUNNING -> replyLine(line);
            case CLOSED -> {
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed();
        if (admitted) {
            counters.left();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reject("line longer than " + settings.maxLineBytes() + " bytes");
        } else {
            LOG.warn("AGI connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    // ---- request -----------------------------------------------------------------------------------------------

    private void requestLine(String line) {
        if (line.isEmpty()) {
            if (variables.isEmpty()) {
                return; // tolerate a stray blank line before the request
            }
            startScript();
            return;
        }
        if (variables.size() >= settings.maxRequestLines()) {
            reject("request longer than " + settings.maxRequestLines() + " lines");
            return;
        }
        int colon = line.indexOf(':');
        if (!line.startsWith("agi_") || colon < 5) {
            reject("malformed request line");
            return;
        }
        String key = line.substring(0, colon);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                reject("malformed request line");
                return;
            }
        }
        variables.put(key, line.substring(colon + 1).strip());
    }

    private void startScript() {
        requestTimer.cancel(false);
        request = new AgiRequest(variables);
        Optional<AgiScript> script = resolver.resolve(request.script());
        if (script.isEmpty()) {
            reject("unknown script '" + printable(request.script()) + "'");
            return;
        }
        state = State.RUNNING;
        counters.started();
        try {
            script.get().start(this);
        } catch (RuntimeException e) {
            LOG.error("AGI script {} failed to start for {}", request.script(), peer(), e);
            close();
        }
    }

    // ---- replies -----------------------------------------------------------------------------------------------

    private void replyLine(String line) {
        if ("HANGUP".equals(line)) {
            hungUp = true;
            hangup.complete(null);
            return;
        }
        if (line.startsWith("520-")) {
            if (usage == null) {
                usage = new ArrayList<>();
            }
            if (usage.size() < 200) {
                usage.add(line);
            }
            return;
        }
        if (line.startsWith("100 ")) {
            return; // "Trying...": the real reply follows
        }
        AgiReply reply;
        if (line.startsWith("520")) {
            List<String> lines = usage == null ? new ArrayList<>() : usage;
            lines.add(line);
            usage = null;
            reply = new AgiReply(520, AgiReply.NO_RESULT, null, -1, lines);
        } else {
            reply = AgiReply.parse(line);
        }
        if (reply == null) {
            LOG.warn("unexpected line from {} ignored: {}", peer(), printable(line));
            return;
        }
        Pending p = written.poll();
        if (p == null) {
            LOG.warn("reply from {} with no command outstanding ignored: {}", peer(), printable(line));
            return;
        }
        if (reply.channelDead()) {
            hungUp = true;
        }
        if (written.isEmpty() && !queued.isEmpty()) {
            write(queued.poll());
        } else if (written.isEmpty() && handBack != null && !handBackWritten) {
            writeHandBack();
        }
        p.reply().complete(reply);
    }

    // ---- AgiSession ------------------------------------------------------------------------------------------------

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public SocketAddress peer() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public CompletableFuture<AgiReply> send(String command) {
        return submit(command, false);
    }

    @Override
    public CompletableFuture<AgiReply> interruptWith(String command) {
        return submit(command, true);
    }

    private CompletableFuture<AgiReply> submit(String command, boolean interrupt) {
        CompletableFuture<AgiReply> reply = new CompletableFuture<>();
        String problem = check(command);
        if (problem != null) {
            reply.completeExceptionally(new IllegalArgumentException(problem));
            return reply;
        }
        Pending p = new Pending(command, reply);
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            enqueue(p, interrupt);
        } else {
            loop.execute(() -> enqueue(p, interrupt));
        }
        return reply;
    }

    private String check(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            return "an AGI command must be one line";
        }
        if (command.length() + 1 > settings.maxLineBytes()) {
            return "an AGI command must be shorter than " + settings.maxLineBytes() + " bytes";
        }
        return null;
    }

    private void enqueue(Pending p, boolean interrupt) {
        if (state != State.RUNNING) {
            p.reply().completeExceptionally(new AgiSessionClosedException("AGI session closed"));
            return;
        }
        if (handBack != null) {
            p.reply().completeExceptionally(new AgiSessionClosedException("AGI session handed back to the dialplan"));
            return;
        }
        if (written.isEmpty()) {
            write(p);
        } else if (interrupt && written.size() == 1 && written.peek().interruptible && queued.isEmpty()) {
            Pending wait = written.peek();
            long age = now() - wait.writtenAt;
            if (age >= INTERRUPT_GUARD_NANOS) {
                interrupt(wait, p);
            } else {
                queued.add(p);
                ctx.executor().schedule(() -> {
                    // Still the same wait outstanding and this command next: interrupt it now.
                    if (state == State.RUNNING && written.size() == 1 && written.peek() == wait
                            && queued.peek() == p) {
                        queued.poll();
                        interrupt(wait, p);
                    }
                }, INTERRUPT_GUARD_NANOS - age, TimeUnit.NANOSECONDS);
            }
        } else if (queued.size() >= settings.maxQueuedCommands()) {
            p.reply().completeExceptionally(new IllegalStateException("more than " + settings.maxQueuedCommands()
                    + " AGI commands queued"));
        } else {
            queued.add(p);
        }
    }

    /** The event loop's clock: the system's in production; a test's channel can move it instead of sleeping. */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    /** Writes {@code p} into the running {@code wait}, and a {@link #NUDGE} after it if the wait does not end. */
    private void interrupt(Pending wait, Pending p) {
        write(p);
        ctx.executor().schedule(() -> {
            if (state == State.RUNNING && written.peek() == wait) {
                counters.nudged();
                LOG.info("AGI wait of {} still running {} ms after a command was written into it; {} written after it",
                        request.uniqueId(), TimeUnit.NANOSECONDS.toMillis(INTERRUPT_NUDGE_NANOS), NUDGE);
                // Nobody waits for its reply: it only keeps replies and commands in step.
                write(new Pending(NUDGE, new CompletableFuture<>()));
            }
        }, INTERRUPT_NUDGE_NANOS, TimeUnit.NANOSECONDS);
    }

    private void write(Pending p) {
        p.writtenAt = now();
        written.add(p);
        byte[] bytes = (p.command() + "\n").getBytes(StandardCharsets.UTF_8);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes), ctx.voidPromise());
    }

    @Override
    public CompletableFuture<Void> hangup() {
        return hangup;
    }

    @Override
    public boolean hungUp() {
        return hungUp;
    }

    @Override
    public void close() {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            closeUnlessHandingBack();
        } else {
            loop.execute(this::closeUnlessHandingBack);
        }
    }

    private void closeUnlessHandingBack() {
        // A hand-back closes the connection itself once Asterisk has run its command.
        if (handBack == null || handBack.reply().isDone()) {
            ctx.close();
        }
    }

    @Override
    public CompletableFuture<Boolean> handBack(String command) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        String problem = check(command);
        if (problem != null) {
            done.completeExceptionally(new IllegalArgumentException(problem));
            return done;
        }
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            startHandBack(command, done);
        } else {
            loop.execute(() -> startHandBack(command, done));
        }
        return done;
    }

    private void startHandBack(String command, CompletableFuture<Boolean> done) {
        if (state != State.RUNNING || handBack != null || hungUp) {
            // Closed, already handing back, or the caller is gone: nothing to hand back.
            done.complete(false);
            return;
        }
        AgiSessionClosedException refused = new AgiSessionClosedException("AGI session handed back to the dialplan");
        for (Pending p : queued) {
            p.reply().completeExceptionally(refused);
        }
        queued.clear();
        handBack = new Pending(command, new CompletableFuture<>());
        handBack.reply().whenComplete((reply, err) -> {
            done.complete(err == null && !reply.channelDead());
            ctx.close();
        });
        if (written.isEmpty()) {
            writeHandBack();
        } else if (written.size() == 1 && written.peek().interruptible) {
            // A wait ends at once when a command is written into it; one written only moments ago gets the guard.
            Pending wait = written.peek();
            long age = now() - wait.writtenAt;
            ctx.executor().schedule(() -> {
                if (state == State.RUNNING && !handBackWritten && written.peek() == wait) {
                    handBackWritten = true;
                    interrupt(wait, handBack);
                }
            }, Math.max(0, INTERRUPT_GUARD_NANOS - age), TimeUnit.NANOSECONDS);
        }
        // Otherwise the running command finishes first; its reply writes the hand-back (see replyLine).
    }

    private void writeHandBack() {
        handBackWritten = true;
        write(handBack);
    }

    // ---- ending ------------------------------------------------------------------------------------------------

    private void reject(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.warn("AGI connection from {} closed: {}", ctx.channel().remoteAddress(), reason);
        counters.rejected();
        state = State.CLOSED;
        ctx.close();
    }

    private void closed() {
        state = State.CLOSED;
        if (requestTimer != null) {
            requestTimer.cancel(false);
        }
        AgiSessionClosedException gone = new AgiSessionClosedException("AGI session closed");
        for (Pending p : written) {
            p.reply().completeExceptionally(gone);
        }
        for (Pending p : queued) {
            p.reply().completeExceptionally(gone);
        }
        written.clear();
        queued.clear();
        if (handBack != null) {
            handBack.reply().completeExceptionally(gone);
        }
        hangup.complete(null);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
