package org.acdserver.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Real SIP callers into the IVR: one SIPp process ({@code config/sipp/caller.xml}) that places the given calls at a
 * given rate through the sandbox's {@code sim-callers} trunk. Each caller presses up to three groups of keys as
 * RFC 4733 telephone-events at its times, stays on the line, then hangs up (unless Asterisk does first).
 */
public final class SipCallers implements AutoCloseable {

    /**
     * Keys a caller presses.
     *
     * @param after  the wait before them, counted from the previous group's start (the first from the answer).
     *               SIPp sends 0.4 s of warm-up packets first: Asterisk hears the first key about 0.8 s later
     * @param digits 0-9, *, #, A-D; each sounds 0.2 s
     */
    public record Keys(Duration after, String digits) {
        public Keys {
            Objects.requireNonNull(after, "after");
            if (!digits.matches("[0-9*#A-D]+")) {
                throw new IllegalArgumentException("keys must be 0-9, *, #, A-D, not '" + digits + "'");
            }
        }
    }

    /**
     * One caller.
     *
     * @param number the caller's number (the From user, which Asterisk takes as the caller ID)
     * @param keys   up to three groups of keys
     * @param hold   how long the caller stays on the line after the last group started
     * @param flow   the IVR flow to run (header {@code X-ACD-Flow}), or null for {@code main}
     */
    public record Call(String number, List<Keys> keys, Duration hold, String flow) {
        public Call {
            keys = List.copyOf(keys);
            if (keys.size() > 3) {
                throw new IllegalArgumentException("a SIP caller presses at most three groups of keys");
            }
            if (number.isEmpty() || number.matches("(?s).*[;\\s<>\"].*")) {
                throw new IllegalArgumentException("a SIP caller's number cannot be empty or hold ';', spaces, <, >"
                        + " or quotes: '" + number + "'");
            }
            if (flow != null && !flow.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("flow names for SIP callers are a-z, 0-9 and _: '" + flow + "'");
            }
        }

        /** A caller of the main flow who presses {@code digits} {@code after} the answer. */
        public static Call pressing(String number, Duration after, String digits, Duration hold) {
            return new Call(number, List.of(new Keys(after, digits)), hold, null);
        }

        /** The injection-file line of caller.xml: number;wait1;keys1;wait2;keys2;wait3;keys3;hold;flow. */
        String line() {
            StringBuilder b = new StringBuilder(number).append(';');
            for (int i = 0; i < 3; i++) {
                if (i < keys.size()) {
                    b.append(keys.get(i).after().toMillis()).append(';').append(keys.get(i).digits()).append(';');
                } else {
                    b.append("0;;");
                }
            }
            return b.append(hold.toMillis()).append(';').append(flow == null ? "" : flow).append(';').toString();
        }
    }

    private final SippProcess sipp;
    private final int calls;

    private SipCallers(SippProcess sipp, int calls) {
        this.sipp = sipp;
        this.calls = calls;
    }

    /**
     * Starts placing the calls to {@code extension} (the number dialled into {@code acd-inbound}).
     *
     * @param callsPerSecond how fast new calls start
     */
    public static SipCallers start(AsteriskSandbox sandbox, String extension, List<Call> calls,
                                   double callsPerSecond) {
        return start(sandbox, sandbox.sipPort(), extension, calls, callsPerSecond);
    }

    /**
     * Places the calls through another SIP address on 127.0.0.1, such as Kamailio's in front of several sandboxes;
     * SIPp runs in {@code sandbox}'s root filesystem.
     */
    public static SipCallers start(AsteriskSandbox sandbox, int sipPort, String extension, List<Call> calls,
                                   double callsPerSecond) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no calls to place");
        }
        if (!extension.matches("[0-9]+")) {
            throw new IllegalArgumentException("acd-inbound takes numbers, not '" + extension + "'");
        }
        SippProcess sipp = SippProcess.startBound(sandbox, sipPort, "callers", "caller.xml",
                calls.stream().map(Call::line).toList(),
                new ArrayList<>(List.of("-s", extension, "-m", Integer.toString(calls.size()),
                        "-r", Double.toString(callsPerSecond), "-rp", "1000", "-l", Integer.toString(calls.size()))),
                AsteriskSandbox::freeUdpPort);
        return new SipCallers(sipp, calls.size());
    }

    /** One caller, at once. */
    public static SipCallers start(AsteriskSandbox sandbox, String extension, Call call) {
        return start(sandbox, extension, List.of(call), 10);
    }

    /**
     * Waits until every call ended and returns SIPp's exit code: 0 when every call succeeded (the caller or
     * Asterisk hung up normally), 1 when some failed; -1 if the calls did not end within {@code timeout}.
     */
    public int awaitEnd(Duration timeout) {
        return sipp.awaitExit(timeout);
    }

    /** SIPp's process id (chroot runs it in its own place), for tools that read its CPU time from /proc. */
    public long pid() {
        return sipp.pid();
    }

    /** How many calls this places. */
    public int calls() {
        return calls;
    }

    /** SIPp's errors so far. */
    public String errors() {
        return sipp.errors();
    }

    /** Stops at once, cutting the calls still up. */
    @Override
    public void close() {
        sipp.close();
    }
}
