package org.acdserver.gateway.spy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiResync;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.audit.AuditTrail;
import org.acdserver.gateway.auth.AccessDeniedException;
import org.acdserver.gateway.auth.AccessPolicy;
import org.acdserver.gateway.auth.Action;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listen, whisper and barge. A supervisor of one of the agent's queues (or an admin) asks to spy on an agent; the
 * server rings the supervisor's own phone with an asynchronous Originate into the dialplan context
 * {@value #CONTEXT}, which runs {@code ChanSpy} on the one channel the server names ({@link AgentCalls}: never a
 * caller-chosen target) with the mode's options. A mode switch sends DTMF 4, 5 or 6 as received on the supervisor's
 * channel (ChanSpy's {@code d} option); stop hangs that channel up. Asterisk's {@code ChanSpyStart} marks the join;
 * {@code ChanSpyStop} or the channel's {@code Hangup} the end. Every step is stored ({@link SpyRecords}) and audited.
 *
 * <p>Manager events arrive on the connection's event loop: they only update the map of running spies; storing runs
 * on the JDBC executor, one spy's writes in order.
 */
public final class Spying implements AmiListener {

    /** The dialplan context the supervisor's phone is sent to (config/asterisk/extensions_acd.conf). */
    public static final String CONTEXT = "acd-spy";
    /** A dial string: technology, slash, resource; no commas, spaces or other dialplan separators. */
    static final Pattern PHONE = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*/[A-Za-z0-9@._/+:-]{1,120}$");
    private static final Logger LOG = LoggerFactory.getLogger(Spying.class);

    /** What the server sends to Asterisk: the manager connection in the server, a fake in tests. */
    public interface Line {
        CompletableFuture<AmiMessage> originate(OriginateRequest request);

        CompletableFuture<AmiMessage> send(AmiAction action);
    }

    /** A spy as the API shows it. */
    public record SpyView(long id, String agent, String callId, SpyMode mode, String channel, boolean joined) {
    }

    private final SpyRecords records;
    private final Line line;
    private final AgentCalls calls;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Executor jdbc;
    private final Clock clock;
    private final Duration ringTimeout;
    private final Map<String, RunningSpy> byChannel = new ConcurrentHashMap<>();
    private final Map<Long, RunningSpy> byId = new ConcurrentHashMap<>();

    public Spying(SpyRecords records, Line line, AgentCalls calls, AccessPolicy policy, AuditTrail audit,
                  Executor jdbc, Clock clock, Duration ringTimeout) {
        this.records = records;
        this.line = line;
        this.calls = calls;
        this.policy = policy;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.ringTimeout = ringTimeout;
    }

    /**
     * Rings the caller's phone into ChanSpy on the agent's live call, in the mode asked. Fails with
     * {@link AccessDeniedException} for a supervisor of none of the agent's queues, {@link IllegalArgumentException}
     * for an unknown mode, {@link SpyRefusedException} when the caller has no phone or the agent is on no call.
     */
    public CompletableFuture<SpyView> start(Caller by, String agentId, String modeName) {
        SpyMode mode;
        try {
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("name the agent to listen to (\"agent\")");
            }
            mode = SpyMode.parse(modeName);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!policy.may(by.user(), Action.LISTEN, Target.agent(agentId))) {
            return refused(by, "spy_start", agentId, by.actor() + " supervises none of " + agentId + "'s queues");
        }
        return CompletableFuture.supplyAsync(() -> call(() -> records.phone(by.actor())), jdbc).thenCompose(phone -> {
            if (phone.isEmpty()) {
                throw new SpyRefusedException(by.actor() + " has no phone to listen on: an admin sets it with"
                        + " 'acd-server user phone " + by.actor() + " PJSIP/...' (POST /users/:name/phone)");
            }
            AgentCalls.LiveCall call = calls.of(agentId).orElseThrow(() -> new SpyRefusedException(
                    "agent " + agentId + " is on no call now"));
            Instant now = clock.instant();
            return CompletableFuture.supplyAsync(() -> call(() -> records.open(by.actor(), agentId, call.callId(),
                    call.channel(), phone.get(), mode, now)), jdbc).thenCompose(id -> ring(by, id, call, phone.get(),
                    mode, now));
        });
    }

    private CompletableFuture<SpyView> ring(Caller by, long id, AgentCalls.LiveCall call, String phone, SpyMode mode,
                                            Instant requestedAt) {
        String channelId = String.format("spy-%010d", id);
        RunningSpy spy = new RunningSpy(id, channelId, by.actor(), call, mode, requestedAt);
        byChannel.put(channelId, spy);
        byId.put(id, spy);
        OriginateRequest request = OriginateRequest.builder(phone).channelId(channelId)
                .dialplan(CONTEXT, "s", 1).callerId("Listen " + call.agentId() + " <spy>").timeout(ringTimeout)
                .variable("SPY_TARGET", call.channel()).variable("SPY_OPTIONS", mode.options()).build();
        return line.originate(request).thenCompose(answer -> {
            if (!answer.isSuccess()) {
                end(spy, "Asterisk refused to ring " + phone + ": " + answer.message());
                throw new SpyRefusedException("Asterisk refused to ring " + phone + ": " + answer.message());
            }
            return audit.record(AuditEntry.by(by, "spy_start").withTarget(call.agentId())
                    .withDetail("spy " + id + " on call " + call.callId() + " (" + call.channel() + "), " + mode
                            + ", phone " + phone));
        }).thenApply(done -> spy.view());
    }

    /** Switches a running spy to another mode; the caller must be allowed to listen to its agent. */
    public CompletableFuture<SpyView> switchMode(Caller by, long id, String modeName) {
        SpyMode mode;
        RunningSpy spy;
        try {
            mode = SpyMode.parse(modeName);
            spy = running(id);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!policy.may(by.user(), Action.LISTEN, Target.agent(spy.call.agentId()))) {
            return refused(by, "spy_mode", spy.call.agentId(), by.actor() + " supervises none of "
                    + spy.call.agentId() + "'s queues");
        }
        return line.send(AmiAction.of("PlayDTMF").with("Channel", spy.channelId)
                .with("Digit", Character.toString(mode.digit())).with("Receive", "true")).thenCompose(answer -> {
                    if (!answer.isSuccess()) {
                        throw new SpyRefusedException("cannot switch spy " + id + ": " + answer.message());
                    }
                    SpyMode before = spy.mode;
                    spy.mode = mode;
                    Instant at = clock.instant();
                    spy.write(() -> records.modeChanged(id, mode, by.actor(), at));
                    return audit.record(AuditEntry.by(by, "spy_mode").withTarget(spy.call.agentId())
                            .withBefore(before.wireName()).withAfter(mode.wireName()).withDetail("spy " + id));
                }).thenApply(done -> spy.view());
    }

    /** Ends a running spy: the supervisor's channel is hung up; the record ends with its {@code Hangup}. */
    public CompletableFuture<SpyView> stop(Caller by, long id) {
        RunningSpy spy;
        try {
            spy = running(id);
        } catch (NoSuchElementException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!policy.may(by.user(), Action.LISTEN, Target.agent(spy.call.agentId()))) {
            return refused(by, "spy_stop", spy.call.agentId(), by.actor() + " supervises none of "
                    + spy.call.agentId() + "'s queues");
        }
        spy.stoppedBy = by.actor();
        return line.send(AmiAction.of("Hangup").with("Channel", spy.channelId))
                .thenCompose(answer -> {
                    if (!answer.isSuccess()) {
                        throw new SpyRefusedException("cannot stop spy " + id + ": " + answer.message());
                    }
                    return audit.record(AuditEntry.by(by, "spy_stop").withTarget(spy.call.agentId())
                        .withDetail("spy " + id));
                })
                .thenApply(done -> spy.view());
    }

    /** The spies asked since an instant: all for an admin, those on their queues' agents for a supervisor. */
    public CompletableFuture<List<SpyRow>> report(Caller by, Instant since, int limit) {
        return CompletableFuture.supplyAsync(() -> call(() -> records.since(since, limit)), jdbc)
                .thenApply(rows -> rows.stream()
                        .filter(r -> policy.may(by.user(), Action.LISTEN, Target.agent(r.agentId()))).toList());
    }

    /** The spies running now. */
    public List<SpyView> running() {
        return byId.values().stream().map(RunningSpy::view).toList();
    }

    /**
     * Sets the phone a user listens on (an admin's act). Fails with {@link IllegalArgumentException} for a dial string
     * that is not one, {@link NoSuchElementException} for no such user.
     */
    public CompletableFuture<Map<String, String>> setPhone(Caller by, String username, String endpoint) {
        String phone = endpoint == null ? "" : endpoint.strip();
        if (!PHONE.matcher(phone).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("'" + phone + "' is not a phone's"
                    + " dial string: technology/resource such as PJSIP/sup1 or Local/sup1@phones, without commas,"
                    + " spaces or options"));
        }
        return CompletableFuture.supplyAsync(() -> call(() -> records.setPhone(username, phone)), jdbc)
                .thenCompose(found -> {
                    if (!found) {
                        throw new NoSuchElementException("no user '" + username + "'");
                    }
                    return audit.record(AuditEntry.by(by, "user_phone").withTarget(username).withAfter(phone));
                }).thenApply(done -> Map.of("username", username, "phone", phone));
    }

    @Override
    public void onEvent(AmiMessage event) {
        switch (event.eventName()) {
            case "ChanSpyStart" -> {
                RunningSpy spy = byChannel.get(event.get("SpyerUniqueid"));
                if (spy != null && spy.joinedAt == null) {
                    Instant at = clock.instant();
                    spy.joinedAt = at;
                    spy.write(() -> records.joined(spy.id, at));
                }
            }
            case "ChanSpyStop" -> {
                RunningSpy spy = byChannel.get(event.get("SpyerUniqueid"));
                if (spy != null) {
                    end(spy, spy.stoppedBy != null ? "stopped by " + spy.stoppedBy : "left the agent's call");
                }
            }
            case "Hangup" -> {
                RunningSpy spy = byChannel.get(event.get("Uniqueid"));
                if (spy != null) {
                    end(spy, spy.stoppedBy != null ? "stopped by " + spy.stoppedBy
                            : spy.joinedAt == null ? "the phone did not join the call" : "the phone hung up");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onResync(AmiResync snapshot) {
        Set<String> live = new HashSet<>();
        for (AmiMessage channel : snapshot.channels()) {
            live.add(channel.get("Uniqueid"));
        }
        for (RunningSpy spy : List.copyOf(byChannel.values())) {
            if (!live.contains(spy.channelId)) {
                end(spy, "gone from Asterisk after the manager reconnected");
            }
        }
    }

    /** Ends a spy once: the record gets its end and duration, the audit log a line. */
    private void end(RunningSpy spy, String reason) {
        if (byChannel.remove(spy.channelId) == null) {
            return;
        }
        byId.remove(spy.id);
        Instant at = clock.instant();
        long millis = spy.joinedAt == null ? 0 : Duration.between(spy.joinedAt, at).toMillis();
        LOG.info("spy {} by {} on agent {} ended after {} ms: {}", spy.id, spy.supervisor, spy.call.agentId(), millis,
                reason);
        spy.write(() -> records.ended(spy.id, at, millis, reason));
        audit.record(AuditEntry.by(spy.supervisor, "spy_end").withTarget(spy.call.agentId())
                .withDetail("spy " + spy.id + " on call " + spy.call.callId() + ": " + millis + " ms, " + reason));
    }

    private RunningSpy running(long id) {
        RunningSpy spy = byId.get(id);
        if (spy == null) {
            throw new NoSuchElementException("spy " + id + " is not running");
        }
        return spy;
    }

    private <T> CompletableFuture<T> refused(Caller by, String action, String agentId, String why) {
        return audit.record(AuditEntry.by(by, action).withTarget(agentId).failed(why))
                .thenApply(done -> {
                    throw new AccessDeniedException(why);
                });
    }

    /** Blocking store work, with its checked exception carried through the future. */
    @FunctionalInterface
    interface StoreWork<T> {
        T run() throws SQLException;
    }

    /** A blocking store write. */
    @FunctionalInterface
    interface StoreStep {
        void run() throws SQLException;
    }

    static <T> T call(StoreWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /** A spy while it runs. Its fields change on the manager's event loop and in request handlers. */
    private final class RunningSpy {
        final long id;
        final String channelId;
        final String supervisor;
        final AgentCalls.LiveCall call;
        final Instant requestedAt;
        volatile SpyMode mode;
        volatile Instant joinedAt;
        volatile String stoppedBy;
        private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

        RunningSpy(long id, String channelId, String supervisor, AgentCalls.LiveCall call, SpyMode mode,
                   Instant requestedAt) {
            this.id = id;
            this.channelId = channelId;
            this.supervisor = supervisor;
            this.call = call;
            this.mode = mode;
            this.requestedAt = requestedAt;
        }

        /** Stores in order after this spy's earlier writes, on the JDBC executor. */
        synchronized void write(StoreStep step) {
            writes = writes.thenRunAsync(() -> call(() -> {
                step.run();
                return null;
            }), jdbc).exceptionally(e -> {
                LOG.warn("spy {}: cannot store: {}", id, e.toString());
                return null;
            });
        }

        SpyView view() {
            return new SpyView(id, call.agentId(), call.callId(), mode, channelId, joinedAt != null);
        }
    }
}
