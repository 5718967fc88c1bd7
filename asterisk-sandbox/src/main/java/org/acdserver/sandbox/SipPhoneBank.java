package org.acdserver.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * Many agents' phones in one SIPp process, for load tests: {@code config/sipp/phone.xml} registers every account
 * (one line of the injection file each, one SIPp call each, all from the same SIP port), and the out-of-call
 * scenario {@code phone-answer.xml} takes every INVITE Asterisk sends to any of them: it rings, answers with RTP and
 * hangs up after the talk time. One process holds hundreds of phones for little CPU, where a {@link SipPhone} per
 * account would start as many processes, each with its own threads and sockets.
 *
 * <p>Every phone shares the process's SIP and media ports; Asterisk tells them apart by the user each registered
 * as (its endpoint), which is all an agent's phone needs to be rung as {@code PJSIP/<user>}.
 */
public final class SipPhoneBank implements AutoCloseable {

    /** Long enough for any load run; the phones stop when closed. */
    private static final long HOLD_MILLIS = Duration.ofHours(6).toMillis();

    private final List<SipAccount> accounts;
    private final SippProcess sipp;

    private SipPhoneBank(List<SipAccount> accounts, SippProcess sipp) {
        this.accounts = accounts;
        this.sipp = sipp;
    }

    /**
     * Starts the phones; they register at {@code registrationsPerSecond} ({@link #awaitRegistered} waits for them).
     *
     * @param ring how long a phone rings before it answers
     * @param talk how long it stays on a call before hanging up
     */
    public static SipPhoneBank start(AsteriskSandbox sandbox, List<SipAccount> accounts, Duration ring,
                                     Duration talk, int registrationsPerSecond) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("a phone bank needs at least one account");
        }
        if (registrationsPerSecond < 1) {
            throw new IllegalArgumentException("registrations per second must be 1 or more, not "
                    + registrationsPerSecond);
        }
        List<SipAccount> copy = List.copyOf(accounts);
        String count = Integer.toString(copy.size());
        SippProcess sipp = SippProcess.start(sandbox, "phones", "phone.xml",
                copy.stream().map(a -> a.user() + ";" + a.password() + ";3600;" + HOLD_MILLIS + ";").toList(),
                // -l: every registration stays an open call while its phone is up; SIPp's limit of open calls
                // must never hold a phone back.
                List.of("-oocsf", SippProcess.scenario(sandbox, "phone-answer.xml"), "-m", count, "-l", count,
                        "-r", Integer.toString(registrationsPerSecond),
                        "-set", "ring_ms", Long.toString(ring.toMillis()),
                        "-set", "talk_ms", Long.toString(talk.toMillis())),
                AsteriskSandbox.freeUdpPort());
        return new SipPhoneBank(copy, sipp);
    }

    /** Waits until Asterisk accepted every phone's registration; fails with SIPp's errors after {@code timeout}. */
    public SipPhoneBank awaitRegistered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registered() < accounts.size()) {
            if (!sipp.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(this + ": " + registered() + " of " + accounts.size()
                        + " phones registered " + (sipp.isAlive() ? "within " + timeout : "before SIPp exited")
                        + ": " + sipp.errors());
            }
            try {
                // A poll of a local file: SIPp writes each line as Asterisk accepts the phone.
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + this, e);
            }
        }
        return this;
    }

    /** How many phones Asterisk accepted so far. */
    public long registered() {
        return logged("registered ");
    }

    /** Calls the phones answered so far, all of them together. */
    public long answeredCalls() {
        return logged("answered ");
    }

    private long logged(String prefix) {
        return sipp.log().lines().filter(l -> l.startsWith(prefix)).count();
    }

    /** The accounts, in the order they register. */
    public List<SipAccount> accounts() {
        return accounts;
    }

    /** SIPp's process id, for tools that read its CPU time from /proc. */
    public long pid() {
        return sipp.pid();
    }

    /** Whether the phones' SIPp still runs. */
    public boolean isRunning() {
        return sipp.isAlive();
    }

    /** Stops every phone without unregistering. */
    @Override
    public void close() {
        sipp.close();
    }

    @Override
    public String toString() {
        return "SIP phone bank of " + accounts.size() + " phones (" + sipp + ")";
    }
}
