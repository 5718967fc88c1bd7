package org.acdserver.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.pages.Browser;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * Call control from the agent desktop on a real Asterisk, shown with Asterisk's own manager events: on the page in a
 * browser the agent clicks Hold (the caller's channel starts music on hold, the agent-state history says
 * {@code on_hold}), Resume (caller and the agent's phone channel enter one bridge again) and Hang up (the record stays
 * answered, with the hold time apart from the talk time, and the agent goes to wrap-up). The agent's phone is a SIPp
 * phone registered with the sandbox; screenshots go to target/screenshots/calls-*.png. Then a blind transfer: the
 * agent transfers a priority caller to another queue from the page, where it goes ahead of a caller who waited longer,
 * that queue's agent (a Local channel) gets it, and the two legs' records are linked, the first {@code transferred};
 * and a transfer to a number, which the caller's channel dials through the dialplan's acd-transfer context. Then an
 * attended transfer: consult the sandbox's answering number from the page and cancel (the caller and the agent's
 * phone share a bridge again; the phone then hangs up while holding, and the call ends answered instead of holding
 * on), and a consulted party that hangs up by itself (the agent is held again and resumes), then consult and
 * complete (the caller's channel is bridged with the consulted party, the agent's channel is hung up, the leg is
 * recorded transferred to the number).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallControlIT {

    private static final String PASSWORD = "correct horse battery";
    private static final SipAccount AMY = new SipAccount("amy", "amy-pw-7");
    private static SipPhone phone;
    /** Started while the rig starts: Chromium takes seconds on a busy machine. */
    private static CompletableFuture<Browser> browser;
    private static TestRig rig;
    private static final List<AmiMessage> EVENTS = new CopyOnWriteArrayList<>();
    private static EventLoopGroup group;
    /** Watches every event, as the server's own manager user gets only those it uses. */
    private static AmiClient watch;

    @BeforeAll
    static void start() throws Exception {
        browser = CompletableFuture.supplyAsync(() -> {
            try {
                return Browser.headless();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // Sales keeps its agents 60 s in wrap-up, so that the wrap-up after a hang-up is there to see.
        rig = TestRig.start("calls",
                List.of(new QueueDefinition("sales", 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of()),
                        new QueueDefinition("support", 10, 30, 0, SelectionStrategy.LONGEST_IDLE, 1, Map.of())),
                List.of(new AgentDefinition(AMY.user(), AMY.endpoint(), List.of("sales")),
                        new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("support"))),
                TestRig.repoRoot().resolve("config"), List.of(AMY));
        // The phone answers after 0.2 s and would talk a minute: the agent hangs up from the page first.
        phone = SipPhone.start(rig.sandbox, AMY, SipPhone.Behaviour.ANSWER, Duration.ofMillis(200),
                Duration.ofSeconds(60)).awaitRegistered();
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser("amy", PASSWORD, Role.AGENT.wireName(), "amy", Set.of())).join();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        watch = new AmiClient(ManagerWatch.settings(rig.sandbox), group);
        watch.addListener(EVENTS::add);
        watch.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.join().close();
        }
        if (phone != null) {
            phone.close();
        }
        if (watch != null) {
            watch.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void theAgentHoldsResumesAndHangsUpTheirCallFromTheDesktop() throws Exception {
        String adminUrl = "http://127.0.0.1:" + rig.server.adminPort();
        WebClient web = new WebClient(adminUrl);
        WebClient.Session amy = web.login("amy", PASSWORD);
        // Without a call there is nothing to hold.
        HttpResponse<String> none = web.send("POST", "/agent/call/hold", amy, Map.of());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(409);
        await().atMost(30, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.READY);

        {
            Browser browser = CallControlIT.browser.get(60, TimeUnit.SECONDS);
            browser.logIn(adminUrl, "amy", PASSWORD).open(adminUrl + "/agent");
            browser.text(By.id("state"), "Ready");
            assertThat(browser.driver().findElement(By.id("call-controls")).isDisplayed()).isFalse();

            rig.place(new SimulatedCaller("5550177", "1", 1, 60, 60), "ctrl-000001").join();
            String callId = "ctrl-000001-a";
            browser.until(d -> callId.equals(d.findElement(By.tagName("body")).getAttribute("data-call")));
            browser.text(By.id("state"), "On a call");
            await().atMost(10, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);
            assertThat(browser.visible(By.id("hold")).isDisplayed()).isTrue();
            assertThat(browser.driver().findElement(By.id("resume")).isDisplayed()).isFalse();

            // Hold: the phone's channel leaves the bridge, and the caller's channel plays music on hold (Dial played
            // it while the phone rang, so only later events count).
            long musicBefore = count("MusicOnHoldStart", callId);
            long stopsBefore = count("MusicOnHoldStop", callId);
            long bridgesBefore = count("BridgeEnter", callId);
            browser.driver().findElement(By.id("hold")).click();
            browser.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-held")));
            await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> count("MusicOnHoldStart", callId)
                    == musicBefore + 1 && count("BridgeLeave", callId) == bridgesBefore);
            long heldAt = System.nanoTime();
            assertThat(browser.visible(By.id("resume")).isDisplayed()).isTrue();
            browser.screenshot("calls-hold");
            HttpResponse<String> again = web.send("POST", "/agent/call/hold", amy, Map.of());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            await().atMost(30, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_hold desktop " + callId)::equals);
            // The hold comes with the live feed: this page says so, and a second tab of the same agent too.
            browser.text(By.id("state"), "On hold");
            String firstTab = browser.driver().getWindowHandle();
            browser.driver().switchTo().newWindow(WindowType.TAB);
            browser.open(adminUrl + "/agent").text(By.id("state"), "On hold");
            assertThat(browser.visible(By.id("resume")).isDisplayed()).isTrue();
            browser.driver().close();
            browser.driver().switchTo().window(firstTab);
            await().pollDelay(Duration.ofSeconds(2)).atMost(5, TimeUnit.SECONDS).until(() -> true);

            // Resume: the music stops and caller and the agent's phone share a bridge again.
            browser.driver().findElement(By.id("resume")).click();
            browser.until(d -> "false".equals(d.findElement(By.tagName("body")).getAttribute("data-held")));
            double heldSeconds = (System.nanoTime() - heldAt) / 1e9;
            await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> count("MusicOnHoldStop", callId)
                    == stopsBefore + 1 && count("BridgeEnter", callId) == bridgesBefore + 1);
            String bridge = bridgeOf(callId);
            await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> EVENTS.stream().anyMatch(e ->
                    "BridgeEnter".equals(e.eventName()) && bridge.equals(e.get("BridgeUniqueid"))
                            && e.get("Channel").startsWith("PJSIP/amy-")));
            await().atMost(30, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_call desktop " + callId)::equals);
            assertThat(state("amy")).isEqualTo(AgentState.ON_CALL);
            browser.visible(By.id("hold"));
            browser.screenshot("calls-resumed");

            // Hang up: the caller's call ends as answered, the agent goes to wrap-up.
            browser.driver().findElement(By.id("hang-up")).click();
            browser.text(By.id("state"), "Wrap-up");
            assertThat(state("amy")).isEqualTo(AgentState.WRAP_UP);
            browser.screenshot("calls-hung-up");
            InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
            InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
            assertThat(record.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
            assertThat(record.agent()).isEqualTo("amy");
            double sinceAnswer = Duration.between(record.answeredAt(), record.endedAt()).toMillis() / 1000.0;
            // The hold is counted apart from the talk: together they fit in the time from the answer to the end of
            // the flow (which plays its goodbye after the conversation), where talk time counting the hold would not.
            assertThat(record.holdSeconds()).isBetween(1.5, heldSeconds + 1.0);
            assertThat(record.talkSeconds()).isPositive();
            assertThat(record.talkSeconds() + record.holdSeconds()).isLessThanOrEqualTo(sinceAnswer);
            assertThat(phone.answeredCalls()).isEqualTo(1);
            HttpResponse<String> after = web.send("POST", "/agent/call/hangup", amy, Map.of());
            assertThat(after.statusCode()).as(after.body()).isEqualTo(409);
        }
    }

    @Test
    @Order(2)
    void theAgentTransfersTheirCallToAnotherQueueWhereItKeepsItsPriority() throws Exception {
        String adminUrl = "http://127.0.0.1:" + rig.server.adminPort();
        // Bob, support's agent, is away: a support caller of priority 0 waits there first.
        rig.server.core().agentNotReady("bob", "test");
        rig.server.core().agentReady("amy");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("bob") == AgentState.NOT_READY
                && state("amy") == AgentState.READY);
        rig.place(new SimulatedCaller("5550179", "2", 1, 60, 60), "xfer-000002").join();
        String waiting = "xfer-000002-a";
        await().atMost(20, TimeUnit.SECONDS).until(() -> waitingIn("support").contains(waiting));

        // A VIP caller (priority 10) reaches amy in sales; she transfers them to support from the page. Their talk
        // time (3 s) is what the simulated agent who gets them next talks.
        Browser browser = CallControlIT.browser.get(60, TimeUnit.SECONDS);
        browser.open(adminUrl + "/agent");
        browser.text(By.id("state"), "Ready");
        rig.place(new SimulatedCaller("5550178", "", 1, 60, 3, "vip"), "xfer-000001").join();
        String callId = "xfer-000001-a";
        browser.until(d -> callId.equals(d.findElement(By.tagName("body")).getAttribute("data-call")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);
        new Select(browser.visible(By.id("transfer-target"))).selectByValue("support");
        browser.screenshot("calls-transfer");
        browser.driver().findElement(By.id("transfer")).click();
        browser.text(By.id("state"), "Wrap-up");

        // The transferred call goes ahead of the caller who waited longer: its priority came along.
        await().atMost(10, TimeUnit.SECONDS).alias(events())
                .until(() -> waitingIn("support"), List.of(callId, waiting)::equals);
        rig.server.core().agentReady("bob");
        await().atMost(10, TimeUnit.SECONDS).until(() -> callOf("bob"), callId::equals);

        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord second = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId + ".t1"), Optional::isPresent).orElseThrow();
        InteractionRecord first = records.byCallId(callId).orElseThrow();
        assertThat(first.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(first.transferredTo()).isEqualTo("support");
        assertThat(first.queue()).isEqualTo("sales");
        assertThat(first.agent()).isEqualTo("amy");
        assertThat(first.transferredFrom()).isNull();
        assertThat(second.transferredFrom()).isEqualTo(callId);
        assertThat(second.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(second.queue()).isEqualTo("support");
        assertThat(second.agent()).isEqualTo("bob");
        assertThat(second.enqueuedAt()).isAfterOrEqualTo(first.endedAt());
        assertThat(phone.answeredCalls()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theAgentTransfersTheirCallToANumberThroughTheTransferContext() throws Exception {
        WebClient web = new WebClient("http://127.0.0.1:" + rig.server.adminPort());
        WebClient.Session amy = web.login("amy", PASSWORD);
        rig.server.core().agentReady("amy");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.READY);
        rig.place(new SimulatedCaller("5550180", "1", 1, 60, 60), "xnum-000001").join();
        String callId = "xnum-000001-a";
        await().atMost(20, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);
        HttpResponse<String> bad = web.send("POST", "/agent/call/transfer", amy, Map.of("number", "55;x"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        HttpResponse<String> done = web.send("POST", "/agent/call/transfer", amy, Map.of("number", "5551234"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

        // The dialplan's transfer context got the number (its UserEvent), and the leg is recorded as transferred.
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> EVENTS.stream().anyMatch(e ->
                "AcdTransfer".equals(e.get("UserEvent")) && "5551234".equals(e.get("Destination"))));
        assertThat(state("amy")).isEqualTo(AgentState.WRAP_UP);
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
        assertThat(record.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(record.transferredTo()).isEqualTo("5551234");
        assertThat(record.agent()).isEqualTo("amy");
        assertThat(records.byCallId(callId + ".t1")).isEmpty();
    }

    @Test
    @Order(4)
    void theAgentTransfersTheirCallToAReadyColleagueAndIsRefusedOneWhoIsNot() throws Exception {
        String adminUrl = "http://127.0.0.1:" + rig.server.adminPort();
        WebClient web = new WebClient(adminUrl);
        WebClient.Session amy = web.login("amy", PASSWORD);
        // The support caller of the queue transfer may still talk to bob: it leaves now, so bob is free.
        String earlier = channelOf("xfer-000002-a");
        if (earlier != null) {
            rig.server.ami().hangup(earlier).exceptionally(gone -> null).get(5, TimeUnit.SECONDS);
        }
        rig.server.core().agentReady("amy");
        await().atMost(20, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.READY
                && callOf("bob") == null);
        rig.server.core().agentNotReady("bob", "lunch");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("bob") == AgentState.NOT_READY);

        Browser browser = CallControlIT.browser.get(60, TimeUnit.SECONDS);
        browser.open(adminUrl + "/agent");
        browser.text(By.id("state"), "Ready");
        rig.place(new SimulatedCaller("5550181", "1", 1, 60, 3), "xagt-000001").join();
        String callId = "xagt-000001-a";
        browser.until(d -> callId.equals(d.findElement(By.tagName("body")).getAttribute("data-call")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);

        // Bob is not ready: refused, naming him and his state, and amy keeps her caller. Nor can she pick herself or
        // someone who does not exist.
        HttpResponse<String> refused = web.send("POST", "/agent/call/transfer", amy, Map.of("agent", "bob"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("bob", "not_ready (lunch)");
        assertThat(web.send("POST", "/agent/call/transfer", amy, Map.of("agent", "amy")).statusCode()).isEqualTo(400);
        assertThat(web.send("POST", "/agent/call/transfer", amy, Map.of("agent", "zed")).statusCode()).isEqualTo(400);
        assertThat(state("amy")).isEqualTo(AgentState.ON_CALL);
        assertThat(state("bob")).isEqualTo(AgentState.NOT_READY);
        By bobOption = By.cssSelector("#transfer-target option[value='agent:bob']");
        assertThat(browser.visible(By.id("transfer-target")).findElement(bobOption).isEnabled()).isFalse();

        // Bob is ready: the page lets amy pick him, and the call rings his channel alone.
        rig.server.core().agentReady("bob");
        browser.until(d -> d.findElement(bobOption).isEnabled());
        new Select(browser.visible(By.id("transfer-target"))).selectByValue("agent:bob");
        browser.screenshot("calls-transfer-agent");
        browser.driver().findElement(By.id("transfer")).click();
        browser.text(By.id("state"), "Wrap-up");
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> EVENTS.stream().anyMatch(e ->
                "DialBegin".equals(e.eventName()) && callId.equals(e.get("Uniqueid"))
                        && String.valueOf(e.get("DestChannel")).startsWith("Local/bob@sim-agent")));
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> {
            String bridge = bridgeOf(callId);
            return bridge != null && EVENTS.stream().anyMatch(e -> "BridgeEnter".equals(e.eventName())
                    && bridge.equals(e.get("BridgeUniqueid"))
                    && String.valueOf(e.get("Channel")).startsWith("Local/bob@sim-agent"));
        });

        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord second = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId + ".t1"), Optional::isPresent).orElseThrow();
        InteractionRecord first = records.byCallId(callId).orElseThrow();
        assertThat(first.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(first.transferredTo()).isEqualTo("agent:bob");
        assertThat(first.agent()).isEqualTo("amy");
        assertThat(second.transferredFrom()).isEqualTo(callId);
        assertThat(second.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(second.queue()).isEqualTo("sales");
        assertThat(second.agent()).isEqualTo("bob");
    }

    /** The name of the channel with this unique id, or null if it never appeared. */
    private static String channelOf(String uniqueId) {
        return EVENTS.stream().filter(e -> "Newchannel".equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid")))
                .map(e -> e.get("Channel")).findFirst().orElse(null);
    }

    @Test
    @Order(5)
    void theAgentConsultsANumberFromThePageAndCancelsBackToTheCallerWhosePhoneLaterHangsUpWhileHolding()
            throws Exception {
        String adminUrl = "http://127.0.0.1:" + rig.server.adminPort();
        rig.server.core().agentReady("amy");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.READY);
        Browser browser = CallControlIT.browser.get(60, TimeUnit.SECONDS);
        browser.open(adminUrl + "/agent");
        browser.text(By.id("state"), "Ready");
        rig.place(new SimulatedCaller("5550181", "1", 1, 60, 60), "cons-000001").join();
        String callId = "cons-000001-a";
        browser.until(d -> callId.equals(d.findElement(By.tagName("body")).getAttribute("data-call")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);
        assertThat(browser.driver().findElement(By.id("consult-complete")).isDisplayed()).isFalse();

        // Consult: the caller hears music, and the agent's phone channel shares a bridge with the consulted party.
        long musicBefore = count("MusicOnHoldStart", callId);
        browser.visible(By.id("consult-number")).sendKeys(CONSULTED);
        browser.driver().findElement(By.id("consult")).click();
        browser.until(d -> CONSULTED.equals(d.findElement(By.tagName("body")).getAttribute("data-consulting")));
        String party = await().atMost(10, TimeUnit.SECONDS).alias(events()).until(CallControlIT::consultedParty,
                p -> p != null && bridgeOf(p) != null && amyIn(bridgeOf(p)));
        assertThat(count("MusicOnHoldStart", callId)).isEqualTo(musicBefore + 1);
        assertThat(browser.visible(By.id("consult-cancel")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.id("hold")).isDisplayed()).isFalse();
        browser.text(By.id("consulting"), "Consulting " + CONSULTED + "; caller on hold (music)");
        browser.screenshot("calls-consult");

        // Cancel: the consulted party is hung up, and caller and the agent's phone share one bridge again.
        String before = bridgeOf(callId);
        browser.driver().findElement(By.id("consult-cancel")).click();
        browser.until(d -> "".equals(d.findElement(By.tagName("body")).getAttribute("data-consulting")));
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> hungUp(party));
        await().atMost(10, TimeUnit.SECONDS).alias(events())
                .until(() -> !before.equals(bridgeOf(callId)) && amyIn(bridgeOf(callId)));
        browser.visible(By.id("hold"));
        browser.screenshot("calls-consult-cancelled");
        await().atMost(30, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_call desktop " + callId)::equals);

        WebClient web = new WebClient(adminUrl);
        WebClient.Session amy = web.login("amy", PASSWORD);
        HttpResponse<String> noConsult = web.send("POST", "/agent/call/consult/complete", amy, Map.of());
        assertThat(noConsult.statusCode()).as(noConsult.body()).isEqualTo(409);

        // The agent holds again and the phone hangs up while holding: the caller is not left on music with nobody.
        // The manager's Hangup of the parked channel ends the hold at once, well within the caller's music slice
        // (5 s, the check kept for a lost event), the call ends answered and the agent goes to wrap-up.
        String amyChannel = amyChannelIn(bridgeOf(callId));
        assertThat(web.send("POST", "/agent/call/hold", amy, Map.of()).statusCode()).isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).until(() -> lastState("amy"), ("on_hold desktop " + callId)::equals);
        watch.hangup(amyChannel).get(5, TimeUnit.SECONDS);
        await().atMost(3, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.WRAP_UP);
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
        assertThat(record.outcome()).isEqualTo(InteractionOutcome.ANSWERED);
        assertThat(record.holdSeconds()).isPositive();
    }

    @Test
    @Order(6)
    void theAgentConsultsANumberThatHangsUpResumesThenConsultsAnotherAndCompletesTheTransferToIt() throws Exception {
        WebClient web = new WebClient("http://127.0.0.1:" + rig.server.adminPort());
        WebClient.Session amy = web.login("amy", PASSWORD);
        rig.server.core().agentReady("amy");
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.READY);
        rig.place(new SimulatedCaller("5550182", "1", 1, 60, 60), "cons-000002").join();
        String callId = "cons-000002-a";
        await().atMost(20, TimeUnit.SECONDS).until(() -> bridgeOf(callId) != null);
        HttpResponse<String> bad = web.send("POST", "/agent/call/consult", amy, Map.of("number", "55;x"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);

        // A party that hangs up by itself (the transfer context's prompt) leaves the agent held: completing is refused
        // and Resume brings the agent back to the caller.
        String talking = bridgeOf(callId);
        HttpResponse<String> brief = web.send("POST", "/agent/call/consult", amy, Map.of("number", "5551235"));
        assertThat(brief.statusCode()).as(brief.body()).isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> EVENTS.stream().anyMatch(e ->
                "Hangup".equals(e.eventName()) && String.valueOf(e.get("Channel")).startsWith("Local/5551235@")));
        HttpResponse<String> gone = web.send("POST", "/agent/call/consult/complete", amy, Map.of());
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(409);
        assertThat(web.send("POST", "/agent/call/resume", amy, Map.of()).statusCode()).isEqualTo(200);
        await().atMost(10, TimeUnit.SECONDS).alias(events())
                .until(() -> !talking.equals(bridgeOf(callId)) && amyIn(bridgeOf(callId)));

        int partiesBefore = EVENTS.size();
        HttpResponse<String> consult = web.send("POST", "/agent/call/consult", amy, Map.of("number", CONSULTED));
        assertThat(consult.statusCode()).as(consult.body()).isEqualTo(200);
        String party = await().atMost(10, TimeUnit.SECONDS).alias(events()).until(
                () -> consultedPartySince(partiesBefore), p -> p != null && bridgeOf(p) != null && amyIn(bridgeOf(p)));
        String amyChannel = amyChannelIn(bridgeOf(party));
        HttpResponse<String> complete = web.send("POST", "/agent/call/consult/complete", amy, Map.of());
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(200);

        // The caller's channel and the consulted party share a bridge; the agent's channel is hung up.
        await().atMost(10, TimeUnit.SECONDS).alias(events())
                .until(() -> bridgeOf(callId) != null && bridgeOf(callId).equals(bridgeOf(party)));
        await().atMost(10, TimeUnit.SECONDS).alias(events()).until(() -> hungUp(amyChannel));
        assertThat(hungUp(party)).isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> state("amy") == AgentState.WRAP_UP);

        // The consulted party hangs up later: the first leg is recorded as transferred to the number, the consult
        // counted as hold time.
        watch.hangup(party).get(5, TimeUnit.SECONDS);
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
        assertThat(record.outcome()).isEqualTo(InteractionOutcome.TRANSFERRED);
        assertThat(record.transferredTo()).isEqualTo(CONSULTED);
        assertThat(record.agent()).isEqualTo("amy");
        assertThat(record.holdSeconds()).isPositive();
        assertThat(records.byCallId(callId + ".t1")).isEmpty();
    }

    /** The sandbox's number that answers and stays on the line (config/asterisk/extensions_sim.conf). */
    private static final String CONSULTED = "5559000";

    /** The last consulted party's channel (the agent side of the Local channel into acd-transfer), or null. */
    private static String consultedParty() {
        return consultedPartySince(0);
    }

    private static String consultedPartySince(int from) {
        String party = null;
        List<AmiMessage> events = EVENTS.subList(from, EVENTS.size());
        for (AmiMessage e : events) {
            String ch = String.valueOf(e.get("Channel"));
            if ("BridgeEnter".equals(e.eventName()) && ch.startsWith("Local/" + CONSULTED + "@acd-transfer-")
                    && ch.endsWith(";1")) {
                party = ch;
            }
        }
        return party;
    }

    /** Whether the agent's phone channel entered the bridge last. */
    private static boolean amyIn(String bridge) {
        return amyChannelIn(bridge) != null;
    }

    /** The agent's phone channel that entered the bridge, or null. */
    private static String amyChannelIn(String bridge) {
        String amy = null;
        for (AmiMessage e : EVENTS) {
            if ("BridgeEnter".equals(e.eventName()) && bridge != null && bridge.equals(e.get("BridgeUniqueid"))
                    && String.valueOf(e.get("Channel")).startsWith("PJSIP/amy-")) {
                amy = e.get("Channel");
            }
        }
        return amy;
    }

    private static boolean hungUp(String channel) {
        return EVENTS.stream().anyMatch(e -> "Hangup".equals(e.eventName()) && channel.equals(e.get("Channel")));
    }

    /** The calls waiting in a queue, in the order they will be offered. */
    private static List<String> waitingIn(String queue) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).waiting().getOrDefault(queue, List.of());
    }

    /** The call the agent is on (or rung for), or null. */
    private static String callOf(String agent) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(agent).callId();
    }

    /** The events of the test's channels so far, for a failure's message. */
    private static String events() {
        StringBuilder b = new StringBuilder();
        for (AmiMessage e : EVENTS) {
            String ch = String.valueOf(e.get("Channel"));
            if ((ch.startsWith("Local/") || ch.startsWith("PJSIP/")) && !"Newexten".equals(e.eventName())
                    && !"VarSet".equals(e.eventName())) {
                b.append(e.eventName()).append(' ').append(ch).append(' ').append(e.get("Uniqueid")).append('\n');
            }
        }
        return b.toString();
    }

    private static AgentState state(String agent) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(agent).state();
    }

    private static long count(String event, String uniqueId) {
        return EVENTS.stream().filter(e -> event.equals(e.eventName()) && uniqueId.equals(e.get("Uniqueid"))).count();
    }

    /** The bridge the channel (unique id or name) last entered, or null. */
    private static String bridgeOf(String uniqueId) {
        String bridge = null;
        for (AmiMessage e : EVENTS) {
            if ("BridgeEnter".equals(e.eventName())
                    && (uniqueId.equals(e.get("Uniqueid")) || uniqueId.equals(e.get("Channel")))) {
                bridge = e.get("BridgeUniqueid");
            }
        }
        return bridge;
    }

    /** The state, cause and call of the agent's last row in the agent-state history, or null before one. */
    private static String lastState(String agent) throws Exception {
        String sql = "SELECT state, cause, call_id FROM agent_state WHERE agent = ? ORDER BY at DESC, id DESC LIMIT 1";
        try (Connection c = rig.server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null;
            }
        }
    }
}
