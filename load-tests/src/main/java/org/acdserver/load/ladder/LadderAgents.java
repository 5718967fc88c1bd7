package org.acdserver.load.ladder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.load.LoadServer;
import org.acdserver.load.ProcessCpu;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipPhoneBank;

/**
 * The ladder's agents on both sides, all answering at once and talking {@link #TALK}, of one or both kinds:
 * <ul>
 *   <li>Local channels of the sandbox's {@code sim-agent} context: the server's agents {@code lad0001...}, and as
 *   many app_queue members {@code nat0001...};</li>
 *   <li>real SIP phones: PJSIP endpoints {@code sip0001...}, registered by SIPp processes of
 *   {@code --phones-per-sipp} phones each ({@link SipPhoneBank}) that answer with RTP. The server's agents and the
 *   app_queue members dial the same endpoints, so both sides ring the same phones (the sides never run at the same
 *   time).</li>
 * </ul>
 * With both kinds the server knows both sets of agents, and {@link #activate} signs the other kind's agents out and
 * swaps the app_queue members, so that one run on one Asterisk compares the kinds as it compares the sides.
 */
final class LadderAgents implements AutoCloseable {

    /** What {@code sim-agent} talks when no {@code TALK_SECS} is set, and what the phones talk too. */
    static final Duration TALK = Duration.ofSeconds(5);

    /** The kinds of agent {@code --agent-kind} takes. */
    enum Kind {
        /** Local channels, answered by the dialplan inside Asterisk. */
        LOCAL,
        /** PJSIP endpoints registered by SIPp phones. */
        SIP;

        /** As the command line and the output write it. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How often Asterisk asks each phone for OPTIONS. A phone's usual interval: at the sandbox's test default of 2 s,
     * 600 phones would cost Asterisk and SIPp 300 requests a second, a load a real site does not have.
     */
    private static final int QUALIFY_SECONDS = 60;

    private final Map<Kind, List<AgentDefinition>> definitions;
    private final List<SipAccount> accounts;
    /** Phones per SIPp process ({@link SipPhoneBank} says why not all in one). */
    private final int phonesPerSipp;
    private final Map<Long, Long> cpuSeen = new HashMap<>();
    private SipPhoneBank phones;
    private Kind active;

    private LadderAgents(Map<Kind, List<AgentDefinition>> definitions, List<SipAccount> accounts,
                         int phonesPerSipp) {
        this.definitions = definitions;
        this.accounts = accounts;
        this.phonesPerSipp = phonesPerSipp;
    }

    /**
     * {@code count} agents a side of each kind; SIP phones get one random password per run, and run
     * {@code phonesPerSipp} to a SIPp process.
     */
    static LadderAgents of(List<Kind> kinds, int count, int phonesPerSipp) {
        if (phonesPerSipp < 1) {
            throw new IllegalArgumentException("--phones-per-sipp must be 1 or more, not " + phonesPerSipp);
        }
        Map<Kind, List<AgentDefinition>> definitions = new EnumMap<>(Kind.class);
        List<SipAccount> accounts = new ArrayList<>();
        if (kinds.contains(Kind.LOCAL)) {
            definitions.put(Kind.LOCAL, LoadServer.localAgents("lad", count, 4));
        }
        if (kinds.contains(Kind.SIP)) {
            accounts.addAll(LoadServer.sipAccounts("sip", count));
            List<AgentDefinition> sip = new ArrayList<>(count);
            for (SipAccount a : accounts) {
                sip.add(new AgentDefinition(a.user(), a.endpoint(), List.of("sales", "support")));
            }
            definitions.put(Kind.SIP, sip);
        }
        return new LadderAgents(definitions, accounts, phonesPerSipp);
    }

    /** The sandbox's settings with the phones' endpoints, when there are SIP agents. */
    AsteriskSandbox.Settings sandbox(AsteriskSandbox.Settings settings) {
        return accounts.isEmpty() ? settings : settings.withPhones(accounts).withQualifySeconds(QUALIFY_SECONDS);
    }

    /** The server's agents, of every kind. */
    List<AgentDefinition> definitions() {
        return definitions.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Starts the SIP phones and returns once Asterisk accepted every registration and the server counts every phone
     * registered (it offers no call to an agent whose phone it has not seen); nothing to do without SIP agents.
     */
    void start(AsteriskSandbox sandbox, AcdServer server) throws InterruptedException {
        if (accounts.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        phones = LoadServer.startPhones(sandbox, server, accounts, Duration.ZERO, TALK, phonesPerSipp);
        System.out.printf("phones: %d registered in %d ms by SIPp pids %s%n", accounts.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), phones.pids());
    }

    /**
     * Makes {@code kind}'s agents the ones both sides reach: on the server the other kind's agents are signed out
     * and this kind's made ready, and app_queue's members become this kind's. Called between rungs, when no call is
     * up; with one kind only, the first call adds the members and the server's agents stay as they started (ready).
     */
    void activate(Kind kind, AcdServer server, AmiClient manager) throws Exception {
        if (kind == active) {
            return;
        }
        // At the first call every agent is ready as the server started it: the other kind's ones are signed out.
        Kind other = active != null ? active : definitions.keySet().stream().filter(k -> k != kind).findFirst()
                .orElse(null);
        if (other != null) {
            for (AgentDefinition a : definitions.get(other)) {
                server.core().agentLoggedOut(a.id());
            }
            if (active != null) {
                for (AgentDefinition a : definitions.get(kind)) {
                    server.core().agentReady(a.id());
                }
            }
            // The routing thread takes events in order: once it answers this, the states above are in place.
            server.core().snapshot().get(30, TimeUnit.SECONDS);
        }
        if (active != null) {
            members(active, manager, "QueueRemove");
        }
        members(kind, manager, "QueueAdd");
        active = kind;
    }

    /** Adds or removes the app_queue members of {@code kind} in both native queues. */
    private void members(Kind kind, AmiClient manager, String action) throws Exception {
        Map<String, String> members = new LinkedHashMap<>();
        List<AgentDefinition> agents = definitions.get(kind);
        for (int i = 1; i <= agents.size(); i++) {
            String member = kind == Kind.LOCAL ? String.format("nat%04d", i) : agents.get(i - 1).id();
            members.put(member, kind == Kind.LOCAL ? "Local/" + member + "@sim-agent/n" : agents.get(i - 1).endpoint());
        }
        LoadServer.nativeMembers(manager, action, members);
    }

    /**
     * The phones' SIPp CPU time so far, in ms; 0 without SIP agents. /proc forgets a process once it has exited, so
     * each process counts with the most it was seen to have used: call this often while a rung runs.
     */
    long phonesCpuMillis() {
        if (phones == null) {
            return 0;
        }
        for (long pid : phones.pids()) {
            cpuSeen.merge(pid, ProcessCpu.millis(pid), Math::max);
        }
        return cpuSeen.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many of the phones' SIPp processes have exited; 0 without SIP agents. */
    long phoneProcessesExited() {
        return phones == null ? 0 : phones.exited();
    }

    /** Calls the phones answered so far; 0 without SIP agents. */
    long answeredByPhones() {
        return phones == null ? 0 : phones.answeredCalls();
    }

    @Override
    public void close() {
        if (phones != null) {
            phones.close();
        }
    }
}
