package org.acdserver.load;

import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.RoutingConfiguration;
import org.acdserver.flow.Flow;
import org.acdserver.flow.Step;
import org.acdserver.gateway.AcdServer;
import org.acdserver.gateway.agent.PhonePresence;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.AmiSettings;
import org.acdserver.gateway.config.ConfigurationSnapshot;
import org.acdserver.gateway.config.LoadedConfiguration;
import org.acdserver.gateway.config.ServerSettings;
import org.acdserver.sandbox.AsteriskSandbox;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipPhoneBank;

/**
 * The server every whole-call load tool starts against its sandbox: the repository's flows, {@code sales} and
 * {@code support} queues served by Local-channel agents of the sandbox's {@code sim-agent} context, the sandbox's
 * manager, loopback listeners on free ports and an embedded database of its own (call ids repeat from run to run).
 */
public final class LoadServer {

    /** The app_queue queues of the sandbox's {@code sim-native-ivr} ({@code config/asterisk/queues.conf}). */
    private static final List<String> NATIVE_QUEUES = List.of("native-sales", "native-support");

    private LoadServer() {
    }

    /** {@code count} agents named {@code prefix} and a number of {@code digits} digits, serving both queues. */
    public static List<AgentDefinition> localAgents(String prefix, int count, int digits) {
        List<AgentDefinition> agents = new ArrayList<>(count);
        String name = prefix + "%0" + digits + "d";
        for (int i = 1; i <= count; i++) {
            String id = String.format(name, i);
            agents.add(new AgentDefinition(id, "Local/" + id + "@sim-agent/n", List.of("sales", "support")));
        }
        return agents;
    }

    /** The repository's settings with the sandbox's manager, FastAGI on {@code agiPort} and free HTTP ports. */
    public static ServerSettings settings(LoadedConfiguration base, AsteriskSandbox sandbox, int agiPort) {
        return base.settings().toBuilder().agi("127.0.0.1", agiPort)
                .publicHttp("127.0.0.1", 0).adminHttp("127.0.0.1", 0)
                .ami(new ServerSettings.Ami(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiUser(),
                        sandbox.amiSecret()))
                .database(ServerSettings.Database.EMBEDDED)
                .build();
    }

    /** The repository's configuration with two queues ({@code sales}, {@code support}) and these agents. */
    public static ConfigurationSnapshot configuration(LoadedConfiguration base, List<AgentDefinition> agents) {
        return base.configuration().toBuilder()
                .routing(new RoutingConfiguration(List.of(new QueueDefinition("sales", 15, 5),
                        new QueueDefinition("support", 15, 5)), agents))
                .build();
    }

    /**
     * The configuration with every queue step of every flow holding its callers on {@code musicClass} (a class of
     * the sandbox's musiconhold.conf), so that a load run can choose what a thousand held callers cost Asterisk.
     */
    public static ConfigurationSnapshot withHoldMusic(ConfigurationSnapshot configuration, String musicClass) {
        Map<String, Flow> flows = new LinkedHashMap<>();
        configuration.flows().forEach((name, flow) -> {
            Map<String, Step> steps = new LinkedHashMap<>();
            flow.steps().forEach((id, step) -> steps.put(id, step instanceof Step.Queue q
                    ? new Step.Queue(q.id(), q.queue(), q.queueFrom(), q.priority(), q.priorityFrom(), q.skills(),
                            musicClass, q.announceEvery(), q.callbackKey(), q.next(), q.fallback(),
                            q.afterCallback(), q.whisper(), q.display())
                    : step));
            flows.put(name, new Flow(flow.name(), flow.start(), steps, flow.source(), flow.places(), flow.tests(),
                    flow.text()));
        });
        return configuration.toBuilder().flows(flows).build();
    }

    /** A manager connection of the sandbox's watch user, asking for the event classes in {@code events}. */
    public static AmiClient watch(AsteriskSandbox sandbox, String events, EventLoopGroup group) {
        return new AmiClient(AmiSettings.of(sandbox.amiHost(), sandbox.amiPort(), sandbox.amiWatchUser(),
                sandbox.amiSecret()).withEvents(events), group);
    }

    /**
     * Asks Asterisk to send {@code watch} only the events named in {@code names} from now on (the manager's
     * {@code Filter} action with name criteria, Asterisk 22.1 or later): a watch connection that reads a few events
     * then costs Asterisk and the JVM no work for all the others.
     */
    public static void onlyEvents(AmiClient watch, List<String> names) throws Exception {
        for (String name : names) {
            AmiMessage response = watch.send(AmiAction.of("Filter").with("Operation", "Add")
                    .with("MatchCriteria", "action(include),name(" + name + ")")).get(10, TimeUnit.SECONDS);
            if (!response.isSuccess()) {
                throw new IllegalStateException("Asterisk refused the manager filter for " + name + ": " + response);
            }
        }
    }

    /**
     * Adds ({@code QueueAdd}) or removes ({@code QueueRemove}) members in both app_queue queues of the sandbox's
     * {@code sim-native-ivr}, {@code native-sales} and {@code native-support}; {@code members} maps each member's name
     * to the interface app_queue dials. Throws when Asterisk refuses one.
     */
    public static void nativeMembers(AmiClient manager, String action, Map<String, String> members) throws Exception {
        List<CompletableFuture<AmiMessage>> replies = new ArrayList<>();
        members.forEach((name, device) -> {
            for (String queue : NATIVE_QUEUES) {
                AmiAction a = AmiAction.of(action).with("Queue", queue).with("Interface", device);
                replies.add(manager.send(action.equals("QueueAdd") ? a.with("MemberName", name) : a));
            }
        });
        for (CompletableFuture<AmiMessage> r : replies) {
            AmiMessage m = r.get(30, TimeUnit.SECONDS);
            if (!m.isSuccess()) {
                throw new IllegalStateException(action + " refused: " + m.message());
            }
        }
    }

    /** Waits until the server's own manager link is up, so that the first calls find their agents' devices. */
    public static void awaitManager(AcdServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.ami().isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server's manager link did not come up within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits until the server counts {@code phones} SIP phones registered: it offers no call to an agent whose phone it
     * has not seen. Call it once SIPp has registered them all.
     */
    public static void awaitPhonesRegistered(AcdServer server, int phones) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (registeredAtServer(server) < phones) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server counts " + registeredAtServer(server) + " of " + phones
                        + " phones registered 60 s after SIPp registered them all");
            }
            Thread.sleep(50);
        }
    }

    private static long registeredAtServer(AcdServer server) {
        String registered = PhonePresence.Status.REGISTERED.label();
        return server.phones().phones().values().stream().filter(v -> v.status().equals(registered)).count();
    }

    /** {@code count} SIP accounts {@code <prefix>0001...}, with one random password made for this run. */
    public static List<SipAccount> sipAccounts(String prefix, int count) {
        byte[] secret = new byte[8];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        List<SipAccount> accounts = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            accounts.add(new SipAccount(String.format("%s%04d", prefix, i), password + "-" + i));
        }
        return accounts;
    }

    /**
     * Starts SIPp phones for {@code accounts}, {@code phonesPerSipp} to a process, answering after {@code ring} and
     * hanging up after {@code talk}, at 200 registrations a second in all; returns once Asterisk accepted every
     * registration and the server, unless it is null (no server runs), counts every phone registered. The phones are
     * closed if that fails.
     */
    public static SipPhoneBank startPhones(AsteriskSandbox sandbox, AcdServer server, List<SipAccount> accounts,
                                           Duration ring, Duration talk, int phonesPerSipp)
            throws InterruptedException {
        int processes = (accounts.size() + phonesPerSipp - 1) / phonesPerSipp;
        // 200 registrations a second of all the processes together: 600 phones in 3 s.
        SipPhoneBank bank = SipPhoneBank.start(sandbox, accounts, ring, talk, Math.max(1, 200 / processes),
                phonesPerSipp);
        try {
            bank.awaitRegistered(Duration.ofSeconds(60 + accounts.size() / 10));
            if (server != null) {
                awaitPhonesRegistered(server, accounts.size());
            }
        } catch (RuntimeException | InterruptedException e) {
            bank.close();
            throw e;
        }
        return bank;
    }
}
