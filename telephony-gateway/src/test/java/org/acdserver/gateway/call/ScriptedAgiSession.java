package org.acdserver.gateway.call;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acdserver.gateway.agi.AgiReply;
import org.acdserver.gateway.agi.AgiRequest;
import org.acdserver.gateway.agi.AgiSession;
import org.acdserver.gateway.agi.AgiSessionClosedException;

/**
 * An AGI session that plays Asterisk from a script, with no Asterisk: commands run one at a time as on the real
 * connection, a command written into a running {@code WAIT FOR DIGIT} ends it with {@code 200 result=1}, and replies
 * come from the test ({@link #reply}) or from standing rules ({@link #answer}). After the caller hangs up, running
 * commands end with {@code result=-1} and later ones get {@code 511}, as Asterisk does.
 *
 * <p>The event loop is Netty's embedded one: tasks handed to it run when the test calls {@link #run()}, on the test's
 * thread, so every step is deterministic.
 */
final class ScriptedAgiSession implements AgiSession {

    private static final Pattern REPLY = Pattern.compile("(\\d{3})(?: result=(-?\\d+))?(?: \\((.*)\\))?.*");

    private record Pending(String command, CompletableFuture<AgiReply> reply) {
    }

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AgiRequest request;
    private final CompletableFuture<Void> hangup = new CompletableFuture<>();
    private final Deque<Pending> written = new ArrayDeque<>();
    private final Deque<Pending> queued = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> rules = new LinkedHashMap<>();
    private boolean hungUp;
    private boolean closed;
    /** The hand-back command once {@link #handBack} was asked for, as on the real connection. */
    private Pending handBack;
    private boolean handBackWritten;

    ScriptedAgiSession(String callId, String callerNumber) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("agi_network_script", "main");
        vars.put("agi_uniqueid", callId);
        if (callerNumber != null) {
            vars.put("agi_callerid", callerNumber);
        }
        this.request = new AgiRequest(vars);
    }

    /** From now on, commands starting with {@code prefix} are answered at once with {@code line}. */
    ScriptedAgiSession answer(String prefix, String line) {
        rules.put(prefix, line);
        return this;
    }

    /** Runs the tasks handed to the event loop, including those they hand on. */
    void run() {
        channel.runPendingTasks();
    }

    /** Stops the event loop's clock, so that scheduled tasks run only when {@link #runAfter} moves it on. */
    void freezeTime() {
        channel.freezeTime();
    }

    /** Moves the event loop's clock on by {@code time}, then runs the tasks that are due. */
    void runAfter(Duration time) {
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** Every command written to "Asterisk", in order. */
    List<String> commands() {
        return List.copyOf(log);
    }

    /** The command Asterisk is running now, or null. */
    String running() {
        Pending p = written.peek();
        return p == null ? null : p.command();
    }

    /** Asterisk replies to the running command with {@code line}, for example {@code 200 result=0}. */
    void reply(String line) {
        if (written.isEmpty()) {
            throw new IllegalStateException("no command is running to reply '" + line + "' to");
        }
        deliver(line);
        run();
    }

    /** Asterisk's {@code HANGUP} line: the caller is gone, and the running command is not yet answered. */
    void hangupLine() {
        hungUp = true;
        hangup.complete(null);
    }

    /** The caller hangs up: the {@code HANGUP} line, and running commands end with {@code result=-1}. */
    void callerHangsUp() {
        hangupLine();
        for (int running = written.size(); running > 0; running--) {
            deliver("200 result=-1");
        }
        run();
    }

    boolean closed() {
        return closed;
    }

    @Override
    public AgiRequest request() {
        return request;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public SocketAddress peer() {
        return new InetSocketAddress("127.0.0.1", 4573);
    }

    @Override
    public CompletableFuture<AgiReply> send(String command) {
        Pending p = new Pending(command, new CompletableFuture<>());
        if (handBack != null && !closed) {
            p.reply().completeExceptionally(new AgiSessionClosedException("AGI session handed back to the dialplan"));
        } else if (closed) {
            p.reply().completeExceptionally(new AgiSessionClosedException("AGI session closed"));
        } else if (written.isEmpty()) {
            write(p);
        } else {
            queued.add(p);
        }
        return p.reply();
    }

    @Override
    public CompletableFuture<AgiReply> interruptWith(String command) {
        Pending wait = written.peek();
        if (closed || handBack != null || written.size() != 1 || !wait.command().startsWith("WAIT FOR DIGIT")
                || !queued.isEmpty()) {
            return send(command);
        }
        Pending p = new Pending(command, new CompletableFuture<>());
        // Asterisk ends the wait with a reply of its own, then runs the new command.
        written.poll();
        write(p);
        channel.eventLoop().execute(() -> wait.reply().complete(parse("200 result=1")));
        return p.reply();
    }

    @Override
    public CompletableFuture<Void> hangup() {
        return hangup;
    }

    @Override
    public boolean hungUp() {
        return hungUp;
    }

    /**
     * As on the real connection: queued and later commands are refused, a running wait ends at once, another
     * running command first gets its reply from the test; the test replies to the hand-back, then the session closes.
     */
    @Override
    public CompletableFuture<Boolean> handBack(String command) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (closed || hungUp || handBack != null) {
            done.complete(false);
            return done;
        }
        AgiSessionClosedException refused = new AgiSessionClosedException("AGI session handed back to the dialplan");
        queued.forEach(p -> p.reply().completeExceptionally(refused));
        queued.clear();
        handBack = new Pending(command, new CompletableFuture<>());
        handBack.reply().whenComplete((reply, err) -> {
            done.complete(err == null && !reply.channelDead());
            closeNow();
        });
        Pending wait = written.peek();
        if (written.isEmpty()) {
            writeHandBack();
        } else if (written.size() == 1 && wait.command().startsWith("WAIT FOR DIGIT")) {
            written.poll();
            writeHandBack();
            channel.eventLoop().execute(() -> wait.reply().complete(parse("200 result=1")));
        }
        return done;
    }

    private void writeHandBack() {
        handBackWritten = true;
        write(handBack);
    }

    @Override
    public void close() {
        if (handBack != null && !handBack.reply().isDone()) {
            // A hand-back closes the session itself once its command is answered.
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        AgiSessionClosedException gone = new AgiSessionClosedException("AGI session closed");
        List<Pending> all = new ArrayList<>(written);
        all.addAll(queued);
        written.clear();
        queued.clear();
        all.forEach(p -> p.reply().completeExceptionally(gone));
        if (handBack != null) {
            handBack.reply().completeExceptionally(gone);
        }
        hangup.complete(null);
    }

    private void write(Pending p) {
        written.add(p);
        log.add(p.command());
        if (hungUp) {
            later(p, "511 Command Not Permitted on a dead channel or intercept routine");
            return;
        }
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            if (p.command().startsWith(rule.getKey())) {
                later(p, rule.getValue());
                return;
            }
        }
    }

    /** A reply arrives as a later task on the event loop, as a line read from the socket would. */
    private void later(Pending p, String line) {
        channel.eventLoop().execute(() -> {
            if (written.peek() == p) {
                deliver(line);
            }
        });
    }

    /** The running command's reply; the next queued command is written first, as on the real connection. */
    private void deliver(String line) {
        Pending p = written.poll();
        if (written.isEmpty() && !queued.isEmpty()) {
            write(queued.poll());
        } else if (written.isEmpty() && handBack != null && !handBackWritten) {
            writeHandBack();
        }
        p.reply().complete(parse(line));
    }

    private static AgiReply parse(String line) {
        Matcher m = REPLY.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an AGI reply: " + line);
        }
        int result = m.group(2) == null ? AgiReply.NO_RESULT : Integer.parseInt(m.group(2));
        return new AgiReply(Integer.parseInt(m.group(1)), result, m.group(3), -1, List.of(line));
    }
}
