package org.acdserver.gateway.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipPhone;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's manager user gets only the events the server uses (config/asterisk/manager.conf), on a real
 * Asterisk 22, through the main flow with one agent. Beside it, a client of the sandbox's watch user with the event
 * classes the server's user reads and no filter receives what the server received before the filter, so the two
 * counts per call are measured in one run. The messages that config/asterisk/stasis.conf declines are made for no
 * manager user at all.
 */
class AmiEventFilterIT {

    private static final Logger LOG = LoggerFactory.getLogger(AmiEventFilterIT.class);
    /**
     * What the server's own code reads: AmiCallEvents, AmiClient, the dialplan's Acd* user events, and a supervisor's
     * spy joining and leaving (Spying).
     */
    private static final Set<String> USED = Set.of("DialEnd", "BridgeEnter", "BridgeLeave", "Hangup",
            "DeviceStateChange", "ContactStatus", "FullyBooted", "Shutdown", "UserEvent", "ChanSpyStart",
            "ChanSpyStop");
    /** The read classes of the server's user: with them and no filter, a client gets what the server used to. */
    private static final String SERVER_USER_READ = "system,call,log,agent,user,config,dtmf,reporting,cdr,dialplan";
    private static final int CALLS = 3;
    /** A SIP phone that is no agent's: Asterisk calls it, and it streams audio back. */
    private static final SipAccount PHONE = new SipAccount("reporter", "reporter-pw-1");

    private static TestRig rig;
    private static InteractionQueries records;
    private static NioEventLoopGroup group;
    private static AmiClient unfiltered;
    private static final Map<String, LongAdder> serverSaw = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> unfilteredSaw = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("amievents",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("salesagent", "Local/salesagent@sim-agent/n", List.of("sales"))),
                TestRig.repoRoot().resolve("config"), List.of(PHONE));
        records = new InteractionQueries(rig.server.database().dataSource());
        group = new NioEventLoopGroup(1);
        unfiltered = new AmiClient(ManagerWatch.settings(rig.sandbox).withEvents(SERVER_USER_READ), group);
        unfiltered.addListener(e -> unfilteredSaw.computeIfAbsent(e.eventName(), k -> new LongAdder()).increment());
        rig.server.ami().addListener(e -> serverSaw.computeIfAbsent(e.eventName(), k -> new LongAdder()).increment());
        unfiltered.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (unfiltered != null) {
            unfiltered.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (rig != null) {
            rig.close();
        }
    }

    private static Map<String, Long> counts(Map<String, LongAdder> saw) {
        Map<String, Long> m = new TreeMap<>();
        saw.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private static long total(Map<String, LongAdder> saw) {
        return saw.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static boolean noChannelLeft() throws Exception {
        return unfiltered.sendForList(AmiAction.of("CoreShowChannels")).get(5, TimeUnit.SECONDS).isEmpty();
    }

    @Test
    void theServerGetsOnlyTheEventsItUsesAndCallsStillFlow() throws Exception {
        await().atMost(30, TimeUnit.SECONDS).until(AmiEventFilterIT::noChannelLeft);
        long serverBefore = rig.server.ami().eventsRead();
        serverSaw.clear();
        unfilteredSaw.clear();

        for (int i = 1; i <= CALLS; i++) {
            String id = String.format("ev-%06d", i);
            rig.place(new SimulatedCaller("555040" + i, "1", 1, 30, 1), id).join();
            InteractionRecord r = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> records.byCallId(id + "-a"), Optional::isPresent).orElseThrow();
            assertThat(r.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(r.agent()).isEqualTo("salesagent");
            // The next call starts once every channel of this one is gone, so each call's events are all counted.
            await().atMost(30, TimeUnit.SECONDS).until(AmiEventFilterIT::noChannelLeft);
        }
        // Events of a call's last moments may trail its channels' end: count once both tallies stand still.
        long[] last = {-1};
        // Each agent hung up first (one second of talk) and was freed once: on the manager's Hangup and BridgeLeave,
        // or on the caller's Dial returning when that came first (at this load, either may).
        double onHangUp = rig.server.meters().get("acd.agent.legs.ended").tag("by", "hangup").counter().count();
        double onDial = rig.server.meters().get("acd.agent.legs.ended").tag("by", "dial").counter().count();
        LOG.info("agents freed on the manager's hang-up: {}, on the Dial's return: {}", onHangUp, onDial);
        assertThat(onHangUp + onDial).isEqualTo(CALLS);
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = total(serverSaw) * 1_000_003L + total(unfilteredSaw);
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
        // Listener tallies leave out list items (answers to the unfiltered client's own CoreShowChannels).
        double serverPerCall = (double) total(serverSaw) / CALLS;
        double unfilteredPerCall = (double) total(unfilteredSaw) / CALLS;
        LOG.info("manager events per call through the main flow with one agent: {} on the server's filtered"
                + " connection, {} without the filter; server {}; unfiltered {}", serverPerCall, unfilteredPerCall,
                counts(serverSaw), counts(unfilteredSaw));

        assertThat(serverSaw.keySet()).isSubsetOf(USED).contains("DialEnd", "BridgeEnter", "Hangup");
        assertThat(unfilteredSaw.keySet()).contains("Newexten", "Newchannel", "DialBegin");
        // stasis.conf declines VarSet and TestEvent (eight a call without it): Asterisk makes none, for any manager
        // user.
        assertThat(unfilteredSaw.keySet()).doesNotContain("VarSet", "TestEvent");
        assertThat(serverSaw.keySet()).doesNotContain("Newexten", "VarSet", "Newchannel", "DialBegin");
        assertThat(serverPerCall).isPositive().isLessThan(unfilteredPerCall / 2);
        // The server sent no list action meanwhile, so its counter saw exactly what its listeners saw, and the
        // metric exports that counter.
        assertThat(rig.server.ami().eventsRead() - serverBefore).isEqualTo(total(serverSaw));
        assertThat(rig.server.meters().get("acd.ami.events").functionCounter().count())
                .isEqualTo((double) rig.server.ami().eventsRead());
    }

    @Test
    void asteriskReportsNoRtcpToTheManagerDuringACallWithAudio() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        List<String> hangUps = new CopyOnWriteArrayList<>();
        unfiltered.addListener(e -> {
            String name = e.eventName();
            if (name != null && name.startsWith("RTCP")) {
                reports.add(name);
            } else if ("Hangup".equals(name) && String.valueOf(e.get("Channel")).startsWith("PJSIP/reporter-")) {
                hangUps.add(e.get("Channel"));
            }
        });
        try (SipPhone phone = SipPhone.start(rig.sandbox, PHONE, SipPhone.Behaviour.ANSWER, Duration.ofMillis(100),
                Duration.ofSeconds(20)).awaitRegistered()) {
            // The phone answers with 6.4 s of audio. From its first packet Asterisk sends an RTCP report every 5 s
            // (rtp.conf's default rtcpinterval), and before stasis.conf declined them each made an RTCPSent event.
            // Asterisk hangs up after 9 s, so the call holds one report at least.
            rig.sandbox.cli("channel originate PJSIP/reporter application Wait 9");
            await().atMost(10, TimeUnit.SECONDS).until(() -> phone.answeredCalls() == 1);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !hangUps.isEmpty());
        }
        assertThat(reports).isEmpty();
    }
}
