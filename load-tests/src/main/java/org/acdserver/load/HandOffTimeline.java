package org.acdserver.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.acdserver.gateway.ami.AmiListener;
import org.acdserver.gateway.ami.AmiMessage;

/**
 * The hand-off on Asterisk's own timeline ({@code timestampevents = yes}): from the moment an agent's call ends (the
 * first {@code Hangup} of the agent's Local channel pair, or of its SIP phone's PJSIP channel) to the
 * {@code DialBegin} of that agent's next call, with how many callers were still waiting then (callers held with
 * {@code WAIT FOR DIGIT} by the server, or joined to an app_queue queue natively, less those dialled).
 *
 * <p>The manager may deliver the old call's {@code Hangup} after the next call's {@code DialBegin}: the caller's
 * {@code Dial} returns, and the server may free the agent, while the agent's own channel is still being hung up on
 * its own thread. Such a {@code DialBegin} is kept until that {@code Hangup} arrives, and the hand-off is taken from the
 * two events' times, whichever came first ({@link #lateEnds}, {@link #dialledBeforeEnd}).
 *
 * <p>Each hand-off carries its round: the agent's first hand-off is round 1, its next round 2, and so on. A run that
 * measures a later round lets the first ones warm the server up, as hours of calls would.
 */
final class HandOffTimeline implements AmiListener {

    /**
     * One hand-off: its time in microseconds, the part of it until Asterisk reported the agent's device free
     * ({@code DeviceStateChange} NOT_INUSE, which routing waits for; -1 when none was seen in between), the part until
     * Asterisk started the next caller's {@code EXEC Dial} ({@code AGIExecStart}; -1 when not seen), the callers
     * waiting when the agent was dialled again, the part from the server's own manager connection receiving the
     * agent's last hang-up to that {@code AGIExecStart} (-1 when not known; see {@link #heard}), and the round: which
     * of the agent's hand-offs this is, from 1.
     */
    record HandOff(long micros, long deviceFreeMicros, long dialStartMicros, int waiting, long serverMicros,
                   int round) {
    }

    /** The events this timeline reads; a watch connection may ask Asterisk for these alone. */
    static final List<String> EVENTS = List.of("AGIExecStart", "DialBegin", "Hangup", "DeviceStateChange",
            "QueueCallerJoin");

    private final String agentPrefix;
    private final String phonePrefix;
    private final Map<String, Long> freedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> deviceFreeAt = new ConcurrentHashMap<>();
    private final Map<String, Long> dialStartAt = new ConcurrentHashMap<>();
    private final List<HandOff> handOffs = new ArrayList<>();
    private final AtomicInteger queueJoins = new AtomicInteger();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastPair = new ConcurrentHashMap<>();
    private final Map<String, Long> heardAt = new ConcurrentHashMap<>();
    private final Map<String, String> latestCall = new ConcurrentHashMap<>();
    private final Map<String, EarlyDial> earlyDials = new ConcurrentHashMap<>();
    private final Map<String, Integer> dialsByAgent = new ConcurrentHashMap<>();
    private final AtomicInteger lateEnds = new AtomicInteger();
    private final Map<Integer, Integer> dialledBeforeEnd = new ConcurrentHashMap<>();
    private final CountDownLatch roundStart = new CountDownLatch(1);
    /** The round whose first call's end counts {@link #roundStart} down; 0 for none. */
    private volatile int watchedRound;

    /** A DialBegin that came before the Hangup of the agent's previous call ({@code previousCall}). */
    private record EarlyDial(String previousCall, long beginMicros, long dialStartMicros, int waiting, int round) {
    }

    /**
     * Watches agents whose Local channels are {@code Local/<agentPrefix>...@...} or whose phones' channels are
     * {@code PJSIP/<agentPrefix>...-...}.
     */
    HandOffTimeline(String agentPrefix) {
        this.agentPrefix = "Local/" + agentPrefix;
        this.phonePrefix = "PJSIP/" + agentPrefix;
    }

    @Override
    public void onEvent(AmiMessage event) {
        String name = event.eventName();
        if (name == null) {
            return;
        }
        switch (name) {
            case "AGIExecStart" -> {
                // The queue step's hold: the caller is waiting for an agent from here on.
                String command = event.get("Command");
                String verb = command == null ? "" : command.toUpperCase();
                if (verb.startsWith("WAIT FOR DIGIT")) {
                    queued.add(event.get("Uniqueid"));
                } else if (verb.startsWith("EXEC DIAL")) {
                    // Asterisk read the agent's Dial from the caller's AGI socket (it cut the running wait short).
                    dialStartAt.put(event.get("Uniqueid"), AgiTimeline.micros(event.get("Timestamp")));
                }
            }
            case "QueueCallerJoin" -> {
                // A caller of app_queue (the native side) waits from here on, until a member is rung for it.
                queueJoins.incrementAndGet();
                queued.add(event.get("Uniqueid"));
            }
            case "DialBegin" -> {
                String agent = agent(event.get("DestChannel"));
                if (agent == null) {
                    return;
                }
                // The agent's first Dial starts its first call; each one after it ends a hand-off.
                int round = dialsByAgent.merge(agent, 1, Integer::sum) - 1;
                queued.remove(event.get("Uniqueid"));
                int waiting = queued.size();
                Long freed = freedAt.remove(agent);
                Long deviceFree = deviceFreeAt.remove(agent);
                Long dialStart = dialStartAt.remove(event.get("Uniqueid"));
                Long heard = heardAt.remove(agent);
                long begin = AgiTimeline.micros(event.get("Timestamp"));
                String previousCall = latestCall.put(agent, call(event.get("DestChannel")));
                if (freed != null) {
                    boolean started = dialStart != null && dialStart >= freed;
                    add(new HandOff(begin - freed, deviceFree == null ? -1 : deviceFree - freed,
                            started ? dialStart - freed : -1, waiting,
                            started && heard != null && heard >= freed ? dialStart - heard : -1, round));
                } else if (previousCall != null) {
                    // The previous call's end has not arrived yet (see the class comment).
                    earlyDials.put(agent, new EarlyDial(previousCall, begin, dialStart == null ? -1 : dialStart,
                            waiting, round));
                }
            }
            case "Hangup" -> {
                String channel = event.get("Channel");
                String agent = agent(channel);
                if (agent == null) {
                    return;
                }
                // Both halves of the agent's Local pair hang up: the first one is the call's end. A phone's channel
                // is one, and its own.
                String pair = call(channel);
                if (!pair.equals(lastPair.put(agent, pair))) {
                    EarlyDial early = earlyDials.get(agent);
                    boolean late = early != null && early.previousCall().equals(pair);
                    // The agent's calls up to this one are the round of the hand-off this end begins; the Dial of
                    // the next call, when it came first, is not among them.
                    if (dialsByAgent.getOrDefault(agent, 0) - (late ? 1 : 0) == watchedRound) {
                        roundStart.countDown();
                    }
                    long ended = AgiTimeline.micros(event.get("Timestamp"));
                    if (late) {
                        earlyDials.remove(agent);
                        lateEnd(early, ended);
                    } else {
                        freedAt.put(agent, ended);
                        deviceFreeAt.remove(agent);
                    }
                }
            }
            case "DeviceStateChange" -> {
                // The agent's device free again after the call's end: from here on routing may offer the agent.
                String agent = agent(event.get("Device"));
                if (agent != null && "NOT_INUSE".equals(event.get("State")) && freedAt.containsKey(agent)) {
                    deviceFreeAt.putIfAbsent(agent, AgiTimeline.micros(event.get("Timestamp")));
                }
            }
            default -> {
            }
        }
    }

    /**
     * An event as the server's own manager connection received it, at {@code receivedMicros} on the wall clock that
     * Asterisk's event times use (one machine): the last hang-up of an agent's channels is when the server could
     * know the agent free.
     */
    void heard(AmiMessage event, long receivedMicros) {
        if ("Hangup".equals(event.eventName())) {
            String agent = agent(event.get("Channel"));
            if (agent != null) {
                heardAt.put(agent, receivedMicros);
            }
        }
    }

    private void lateEnd(EarlyDial early, long ended) {
        if (early.beginMicros() < ended) {
            // Asterisk dialled the agent again before it stamped the old call's end: no hand-off time to take.
            dialledBeforeEnd.merge(early.round(), 1, Integer::sum);
            return;
        }
        lateEnds.incrementAndGet();
        // The device event and the server's hearing of this Hangup came after the Dial, so neither is a part of it.
        add(new HandOff(early.beginMicros() - ended, -1,
                early.dialStartMicros() >= ended ? early.dialStartMicros() - ended : -1, early.waiting(), -1,
                early.round()));
    }

    private void add(HandOff handOff) {
        synchronized (handOffs) {
            handOffs.add(handOff);
        }
    }

    /**
     * A latch that opens when the first agent's call whose end begins a hand-off of {@code round} ends, as the
     * manager delivers it. One round is watched; call this before that round's calls end.
     */
    CountDownLatch startOf(int round) {
        watchedRound = round;
        return roundStart;
    }

    /** Hand-offs whose call's end the manager delivered after the next call's {@code DialBegin}. */
    int lateEnds() {
        return lateEnds.get();
    }

    /**
     * Agents dialled again with a {@code DialBegin} stamped before their previous call's {@code Hangup}: no hand-off
     * time, and not in {@link #handOffs()}.
     */
    int dialledBeforeEnd() {
        return dialledBeforeEnd.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@link #dialledBeforeEnd()} in one round. */
    int dialledBeforeEnd(int round) {
        return dialledBeforeEnd.getOrDefault(round, 0);
    }

    /** Hand-offs so far, in the order they happened. */
    List<HandOff> handOffs() {
        synchronized (handOffs) {
            return List.copyOf(handOffs);
        }
    }

    /** The hand-offs of one round so far, in the order they happened. */
    List<HandOff> handOffs(int round) {
        return handOffs().stream().filter(h -> h.round() == round).toList();
    }

    /** Agents' calls dialled so far: every {@code DialBegin} to an agent. */
    int dials() {
        return dialsByAgent.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Callers that joined an app_queue queue ({@code QueueCallerJoin}): the native side's callers. */
    int queueJoins() {
        return queueJoins.get();
    }

    /** A call's name: the channel of a phone, the pair's name (before {@code ;1} or {@code ;2}) of a Local agent. */
    private static String call(String channel) {
        int half = channel.indexOf(';');
        return half < 0 ? channel : channel.substring(0, half);
    }

    private String agent(String channel) {
        if (channel == null) {
            return null;
        }
        if (channel.startsWith(phonePrefix)) {
            // PJSIP/ho0001-0000002a, or the device PJSIP/ho0001.
            int dash = channel.indexOf('-');
            return channel.substring("PJSIP/".length(), dash < 0 ? channel.length() : dash);
        }
        if (!channel.startsWith(agentPrefix)) {
            return null;
        }
        int at = channel.indexOf('@');
        return at < 0 ? null : channel.substring("Local/".length(), at);
    }
}
