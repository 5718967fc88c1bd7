package org.acdserver.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * An agent's SIP phone for tests, the demo and load tests: SIPp inside the sandbox that registers its account with
 * digest authentication ({@code config/sipp/phone.xml}), answers Asterisk's OPTIONS, and takes every call the way its
 * {@link Behaviour} says. {@link #kill()} makes it vanish (Asterisk's qualify then finds it unreachable),
 * {@link #unregister()} removes its registration, and {@link #dial} places a call from it, for example a feature
 * code.
 */
public final class SipPhone implements AutoCloseable {

    /** How the phone takes calls: the out-of-call scenario of {@code config/sipp/}. */
    public enum Behaviour {
        /** Rings, answers with RTP, hangs up after the talk time unless the caller does first. */
        ANSWER("phone-answer.xml"),
        /** Rings until the caller gives up. */
        NO_ANSWER("phone-noanswer.xml"),
        /** Answers every call with 486 Busy Here. */
        BUSY("phone-busy.xml");

        private final String scenario;

        Behaviour(String scenario) {
            this.scenario = scenario;
        }
    }

    /** Long enough for any test; the phone stops when closed. */
    private static final long HOLD_MILLIS = Duration.ofHours(6).toMillis();
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(15);

    private final AsteriskSandbox sandbox;
    private final SipAccount account;
    private final int port;
    private final SippProcess sipp;

    private SipPhone(AsteriskSandbox sandbox, SipAccount account, int port, SippProcess sipp) {
        this.sandbox = sandbox;
        this.account = account;
        this.port = port;
        this.sipp = sipp;
    }

    /** A phone that rings 0.2 s and talks 2 s when it answers. */
    public static SipPhone start(AsteriskSandbox sandbox, SipAccount account, Behaviour behaviour) {
        return start(sandbox, account, behaviour, Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /**
     * Starts the phone; it registers at once ({@link #awaitRegistered()} waits for Asterisk's 200 OK).
     *
     * @param ring how long an answering phone rings before it answers
     * @param talk how long it stays on a call before hanging up
     */
    public static SipPhone start(AsteriskSandbox sandbox, SipAccount account, Behaviour behaviour, Duration ring,
                                 Duration talk) {
        return start(sandbox, account, behaviour, ring, talk, AsteriskSandbox::freeUdpPort);
    }

    /** As above, on the first port from {@code ports} that SIPp could bind. */
    static SipPhone start(AsteriskSandbox sandbox, SipAccount account, Behaviour behaviour, Duration ring,
                          Duration talk, IntSupplier ports) {
        List<String> options = new ArrayList<>(List.of("-oocsf", SippProcess.scenario(sandbox, behaviour.scenario),
                "-m", "1"));
        if (behaviour == Behaviour.ANSWER) {
            options.addAll(List.of("-set", "ring_ms", Long.toString(ring.toMillis()),
                    "-set", "talk_ms", Long.toString(talk.toMillis())));
        }
        SippProcess sipp = SippProcess.startBound(sandbox, account.user(), "phone.xml",
                List.of(registration(account, 3600, HOLD_MILLIS)), options, ports);
        return new SipPhone(sandbox, account, sipp.sipPort(), sipp);
    }

    private static String registration(SipAccount account, int expires, long holdMillis) {
        return account.user() + ";" + account.password() + ";" + expires + ";" + holdMillis + ";";
    }

    /** Waits until Asterisk accepted the registration; fails with SIPp's errors if it does not within 15 s. */
    public SipPhone awaitRegistered() {
        sipp.awaitLog("registered " + account.user() + " 3600", REGISTRATION_TIMEOUT);
        return this;
    }

    /** Whether Asterisk accepted the registration. */
    public boolean isRegistered() {
        return sipp.log().contains("registered " + account.user() + " 3600");
    }

    /** Calls the phone answered so far. */
    public long answeredCalls() {
        return logged("answered ");
    }

    /** Calls that rang at the phone until the caller gave up (CANCEL). */
    public long missedCalls() {
        return logged("cancelled ");
    }

    /** Calls the phone refused as busy. */
    public long busyCalls() {
        return logged("busy ");
    }

    private long logged(String prefix) {
        return sipp.log().lines().filter(l -> l.startsWith(prefix)).count();
    }

    public SipAccount account() {
        return account;
    }

    /** The phone's SIP port on 127.0.0.1: its registered contact. */
    public int port() {
        return port;
    }

    /** Whether the phone's SIPp still runs. */
    public boolean isRunning() {
        return sipp.isAlive();
    }

    /** The phone vanishes without unregistering (power or network gone): Asterisk's next qualify finds it out. */
    public void kill() {
        sipp.kill();
    }

    /**
     * The phone stops and removes its registration (REGISTER with Expires 0 from its own port, so that the contact
     * matches). Returns once Asterisk accepted it.
     */
    public void unregister() {
        sipp.kill();
        try (SippProcess off = SippProcess.start(sandbox, account.user() + "-off", "phone.xml",
                List.of(registration(account, 0, 0)), List.of("-m", "1"), port)) {
            off.awaitLog("registered " + account.user() + " 0", REGISTRATION_TIMEOUT);
        }
    }

    /**
     * Places a call from this phone and waits for its end: it authenticates as the phone's user and puts
     * {@code callerId} in its From header (any caller ID a phone may choose), stays on the line at most
     * {@code hold}, and hangs up unless Asterisk does first.
     *
     * @return SIPp's exit code: 0 when the call was answered and ended normally
     */
    public int dial(String number, String callerId, Duration hold) {
        if (!number.matches("[0-9*#A-Za-z+]{1,32}")) {
            throw new IllegalArgumentException("cannot dial '" + number + "'");
        }
        if (callerId.contains(";") || callerId.contains("\n")) {
            throw new IllegalArgumentException("a caller ID for SIPp cannot hold ';' or a line break");
        }
        try (SippProcess call = SippProcess.startBound(sandbox, account.user() + "-dial", "phone-dial.xml",
                List.of(account.user() + ";" + account.password() + ";" + callerId + ";" + hold.toMillis() + ";"),
                List.of("-s", number, "-auth_uri", number + "@127.0.0.1:" + sandbox.sipPort(), "-m", "1"),
                AsteriskSandbox::freeUdpPort)) {
            int code = call.awaitExit(hold.plusSeconds(30));
            if (code < 0) {
                throw new IllegalStateException(call + " did not end: " + call.errors());
            }
            return code;
        }
    }

    /** Stops the phone without unregistering. */
    @Override
    public void close() {
        sipp.close();
    }

    @Override
    public String toString() {
        return "SIP phone " + account.user() + " on 127.0.0.1:" + port;
    }
}
