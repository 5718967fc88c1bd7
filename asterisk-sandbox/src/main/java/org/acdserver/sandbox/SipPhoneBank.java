package org.acdserver.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many agents' phones in a few SIPp processes, for load tests: in each, {@code config/sipp/phone.xml} registers its
 * share of the accounts (one line of the injection file each, one SIPp call each, all from the process's SIP port),
 * and the out-of-call scenario {@code phone-answer.xml} takes every INVITE Asterisk sends to any of them: it rings,
 * answers with RTP and hangs up after the talk time. One process holds hundreds of phones for little CPU, where a
 * {@link SipPhone} per account would start as many processes, each with its own threads and sockets.
 *
 * <p>The phones of a process share its SIP and media ports; Asterisk tells them apart by the user each registered
 * as (its endpoint), which is all an agent's phone needs to be rung as {@code PJSIP/<user>}. A process holds at
 * most {@code phonesPerProcess} phones: SIPp was seen to die of a segmentation fault at 100 calls a second on a
 * machine loaded to 80 and more, one of 600 phones taking every phone with it; with several, one that dies takes
 * only its share, but each idles at a CPU cost of its own.
 */
public final class SipPhoneBank implements AutoCloseable {

    /** Long enough for any load run; the phones stop when closed. */
    private static final long HOLD_MILLIS = Duration.ofHours(6).toMillis();

    private final List<SipAccount> accounts;
    private final List<SippProcess> processes;

    private SipPhoneBank(List<SipAccount> accounts, List<SippProcess> processes) {
        this.accounts = accounts;
        this.processes = processes;
    }

    /**
     * Starts the phones; each process registers its phones at {@code registrationsPerSecond}
     * ({@link #awaitRegistered} waits for them all).
     *
     * @param ring             how long a phone rings before it answers
     * @param talk             how long it stays on a call before hanging up
     * @param phonesPerProcess at most this many phones in one SIPp process
     */
    public static SipPhoneBank start(AsteriskSandbox sandbox, List<SipAccount> accounts, Duration ring,
                                     Duration talk, int registrationsPerSecond, int phonesPerProcess) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("a phone bank needs at least one account");
        }
        if (registrationsPerSecond < 1 || phonesPerProcess < 1) {
            throw new IllegalArgumentException("registrations per second and phones per process must be 1 or more, "
                    + "not " + registrationsPerSecond + " and " + phonesPerProcess);
        }
        List<SipAccount> copy = List.copyOf(accounts);
        List<SippProcess> processes = new ArrayList<>();
        try {
            for (int from = 0; from < copy.size(); from += phonesPerProcess) {
                List<SipAccount> share = copy.subList(from, Math.min(copy.size(), from + phonesPerProcess));
                String count = Integer.toString(share.size());
                processes.add(SippProcess.startBound(sandbox, "phones", "phone.xml",
                        share.stream().map(a -> a.user() + ";" + a.password() + ";3600;" + HOLD_MILLIS + ";").toList(),
                        // -l: every registration stays an open call while its phone is up; SIPp's limit of open
                        // calls must never hold a phone back.
                        List.of("-oocsf", SippProcess.scenario(sandbox, "phone-answer.xml"), "-m", count, "-l", count,
                                "-r", Integer.toString(registrationsPerSecond),
                                "-set", "ring_ms", Long.toString(ring.toMillis()),
                                "-set", "talk_ms", Long.toString(talk.toMillis())),
                        AsteriskSandbox::freeUdpPort));
            }
        } catch (RuntimeException e) {
            processes.forEach(SippProcess::close);
            throw e;
        }
        return new SipPhoneBank(copy, List.copyOf(processes));
    }

    /** Waits until Asterisk accepted every phone's registration; fails with SIPp's errors after {@code timeout}. */
    public SipPhoneBank awaitRegistered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registered() < accounts.size()) {
            if (!isRunning() || System.nanoTime() > deadline) {
                throw new IllegalStateException(this + ": " + registered() + " of " + accounts.size()
                        + " phones registered " + (isRunning() ? "within " + timeout : "before a SIPp exited")
                        + ": " + errors());
            }
            try {
                // A poll of local files: SIPp writes each line as Asterisk accepts the phone.
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
        return processes.stream().mapToLong(p -> p.log().lines().filter(l -> l.startsWith(prefix)).count()).sum();
    }

    /** The errors of every SIPp process, for failure messages. */
    public String errors() {
        return String.join("\n", processes.stream().map(p -> p.name() + ": " + p.errors()).toList());
    }

    /** The accounts, in the order they register. */
    public List<SipAccount> accounts() {
        return accounts;
    }

    /** The SIPp processes' ids, for tools that read their CPU time from /proc. */
    public List<Long> pids() {
        return processes.stream().map(SippProcess::pid).toList();
    }

    /** How many of the SIPp processes have exited (none should while the bank is open). */
    public long exited() {
        return processes.stream().filter(p -> !p.isAlive()).count();
    }

    /** Whether every SIPp process of the phones still runs. */
    public boolean isRunning() {
        return exited() == 0;
    }

    /** Stops every phone without unregistering. */
    @Override
    public void close() {
        processes.forEach(SippProcess::close);
    }

    @Override
    public String toString() {
        return "SIP phone bank of " + accounts.size() + " phones in " + processes.size() + " SIPp processes";
    }
}
