package org.acdserver.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.ami.AmiAction;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys pressed at the prompt boundaries of the main flow's four-prompt menu all count, on a real Asterisk 22. The
 * keys are injected (AMI {@code PlayDTMF} with {@code Receive}) at a set time after Asterisk started the menu's
 * command, as Asterisk stamped its {@code AGIExecStart}: at the end of each prompt ({@code vm-press} 0.74 s,
 * {@code digits/1} 0.92 s, {@code vm-press} 0.74 s, {@code digits/2} 0.76 s, after the greeting's {@code hello} 0.8 s)
 * and in the wait after the last one.
 * The menu must be one Asterisk operation (one {@code Read}), and each caller must reach the queue its key chose.
 * The greeting (a play step before the menu) leads into the same {@code Read}: a key pressed during it, or at its
 * end, still counts as the menu's choice.
 */
class MenuKeysIT {

    /** A caller who presses {@code key} {@code offsetMillis} after Asterisk started the command {@code command}. */
    private record Press(String id, String command, long offsetMillis, String key, String queue) {
    }

    /** The greeting ({@code hello}, 0.8 s) leads into the menu's Read, so the menu's prompts start this late in it. */
    private static final long GREETING = 800;

    private static final List<Press> PRESSES = List.of(
            new Press("mk-end-press1", "EXEC Read", GREETING + 740, "1", "sales"),
            new Press("mk-end-digit1", "EXEC Read", GREETING + 1_660, "2", "support"),
            new Press("mk-end-press2", "EXEC Read", GREETING + 2_400, "1", "sales"),
            new Press("mk-end-digit2", "EXEC Read", GREETING + 3_160, "2", "support"),
            new Press("mk-in-the-wait", "EXEC Read", GREETING + 3_700, "1", "sales"),
            new Press("mk-at-greeting", "EXEC Read", 400, "2", "support"),
            new Press("mk-greeting-end", "EXEC Read", GREETING, "1", "sales"));

    private static TestRig rig;
    private static NioEventLoopGroup group;
    private static AmiClient watch;
    private static ScheduledExecutorService timer;
    private static final Map<String, List<String>> commands = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> pressed = new ConcurrentHashMap<>();
    private static final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("menukeys",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("mks1", "Local/mks1@sim-agent/n", List.of("sales")),
                        new AgentDefinition("mks2", "Local/mks2@sim-agent/n", List.of("sales")),
                        new AgentDefinition("mkt1", "Local/mkt1@sim-agent/n", List.of("support")),
                        new AgentDefinition("mkt2", "Local/mkt2@sim-agent/n", List.of("support"))));
        group = new NioEventLoopGroup(1);
        timer = Executors.newSingleThreadScheduledExecutor();
        watch = new AmiClient(ManagerWatch.settings(rig.sandbox).withEvents("call,agi"), group);
        watch.addListener(MenuKeysIT::onEvent);
        watch.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (watch != null) {
            watch.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** Notes each caller's AGI commands, and presses its key at its time after its command started. */
    private static void onEvent(AmiMessage event) {
        if (!"AGIExecStart".equals(event.eventName()) || event.get("Uniqueid") == null) {
            return;
        }
        String uniqueId = event.get("Uniqueid");
        String command = event.get("Command");
        commands.computeIfAbsent(uniqueId, k -> new CopyOnWriteArrayList<>()).add(command);
        for (Press p : PRESSES) {
            if (uniqueId.equals(p.id() + "-a") && command != null && command.startsWith(p.command())
                    && pressed.putIfAbsent(p.id(), true) == null) {
                long at = (long) (Double.parseDouble(event.get("Timestamp")) * 1000) + p.offsetMillis();
                String channel = event.get("Channel");
                timer.schedule(() -> watch.send(AmiAction.of("PlayDTMF").with("Channel", channel)
                                .with("Digit", p.key()).with("Duration", "120").with("Receive", "true"))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                failures.add(e);
                            }
                        }), Math.max(0, at - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void everyKeyAtAPromptBoundaryOfTheMenuCounts() throws Exception {
        for (int i = 0; i < PRESSES.size(); i++) {
            // No keys of their own: each key comes from PlayDTMF at its set time.
            rig.place(new SimulatedCaller("555777" + i, "", 0, 20, 1), PRESSES.get(i).id()).get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
        }
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        List<String> reached = new ArrayList<>();
        for (Press p : PRESSES) {
            InteractionRecord r = await().atMost(90, TimeUnit.SECONDS)
                    .until(() -> records.byCallId(p.id() + "-a"), Optional::isPresent).orElseThrow();
            reached.add(p.id() + " " + r.queue());
        }
        assertThat(failures).isEmpty();
        assertThat(reached).containsExactlyElementsOf(PRESSES.stream().map(p -> p.id() + " " + p.queue()).toList());
        for (Press p : PRESSES) {
            List<String> ran = commands.get(p.id() + "-a");
            // The greeting and the menu are one Read: no prompt of either is a command of its own.
            assertThat(ran).as(p.id()).filteredOn(c -> c.startsWith("EXEC Read")).hasSize(1);
            assertThat(ran).as(p.id()).noneMatch(c -> c.startsWith("STREAM FILE hello")
                    || c.startsWith("STREAM FILE vm-press") || c.startsWith("STREAM FILE digits")
                    || c.startsWith("GET DATA"));
        }
        assertThat(commands.get("mk-end-press1-a")).filteredOn(c -> c.startsWith("EXEC Read")).singleElement()
                .asString().contains("hello&vm-press&digits/1&vm-press&digits/2");
    }
}
