package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.ami.OriginateRequest;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.desktop.WrapUpStore;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent desktop in headless Chromium against the real server and a sandbox Asterisk, with Local-channel agents
 * (phones that answer at once) and a simulated caller who presses 1 for sales. Amy logs in (a wrong password first),
 * goes not ready and back, sees a state change made from the phone (a feature code) live, gets the screen pop of the
 * call, and wraps it up with a code and a note; Bob, the second agent, never hears of her call. Screenshots of each
 * step are saved under target/screenshots/.
 */
class AgentDesktopIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String CALLER = "5550142";
    private static TestRig rig;

    @BeforeAll
    static void start() throws Exception {
        // Sales keeps its agents 60 s in wrap-up, so that ending it early is visible.
        rig = TestRig.start("desktop",
                List.of(new QueueDefinition("sales", 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of()),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales")),
                        new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("sales"))));
        addUser("amy", "amy");
        addUser("bob", "bob");
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    private static void addUser(String username, String agent) {
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser(username, PASSWORD, Role.AGENT.wireName(), agent, Set.of())).join();
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static String adminUrl() {
        return "http://127.0.0.1:" + rig.server.adminPort();
    }

    private static AgentState state(String agent) throws Exception {
        return rig.server.core().snapshot().get(5, TimeUnit.SECONDS).agents().get(agent).state();
    }

    @Test
    void anAgentLogsInChangesStateSeesTheScreenPopAndWrapsUpWhileTheOtherAgentSeesNoneOfIt() throws Exception {
        // Bob is not ready, so the call goes to Amy; his socket records everything the server sends him.
        rig.server.core().agentNotReady("bob", "lunch");
        WebClient web = new WebClient(adminUrl());
        WebClient.Session bob = web.login("bob", PASSWORD);
        List<String> bobHeard = new CopyOnWriteArrayList<>();
        WebSocket bobSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", "acd_session=" + bob.cookie())
                .buildAsync(URI.create("ws://127.0.0.1:" + rig.server.adminPort() + "/agent/live"),
                        new Collect(bobHeard)).get(10, TimeUnit.SECONDS);

        try (Browser browser = Browser.headless(); Browser bobsBrowser = Browser.headless()) {
            // Log in: a wrong password is refused, the right one opens the desktop.
            browser.open(adminUrl() + "/agent");
            browser.until(d -> d.getCurrentUrl().contains("/login?next=%2Fagent"));
            browser.submitLogin("amy", "not the password");
            assertThat(browser.visible(By.id("message")).getText()).isEqualTo("wrong username or password");
            browser.submitLogin("amy", PASSWORD);
            browser.until(d -> d.getCurrentUrl().endsWith("/agent"));
            browser.text(By.id("state"), "Ready");
            browser.text(By.id("connection"), "live");
            assertThat(browser.driver().findElement(By.id("who")).getText()).isEqualTo("amy (agent amy)");
            browser.screenshot("agent-desktop-ready");

            bobsBrowser.logIn(adminUrl(), "bob", PASSWORD).open(adminUrl() + "/agent");
            bobsBrowser.text(By.id("state"), "Not ready");
            bobsBrowser.text(By.id("state-reason"), "(lunch)");

            // Not ready with a configured reason, then ready again: the core follows, the page shows it.
            new Select(browser.visible(By.id("reason"))).selectByVisibleText("training");
            browser.driver().findElement(By.id("not-ready")).click();
            browser.text(By.id("state"), "Not ready");
            browser.text(By.id("state-reason"), "(training)");
            assertThat(state("amy")).isEqualTo(AgentState.NOT_READY);
            browser.until(d -> !d.findElement(By.id("time-in-state")).getText().equals("0:00"));

            // A change made elsewhere (the feature code *42 dialed from a phone) shows up live.
            rig.server.ami().originate(OriginateRequest.toApplication(
                    "Local/*42@acd-agent-codes/n", null, "Wait", "3", 10_000).withVariable("ACD_AGENT", "amy"))
                    .get(10, TimeUnit.SECONDS);
            browser.text(By.id("state"), "Ready");

            // A dropped connection reconnects and resyncs: a change made meanwhile is there afterwards.
            ((JavascriptExecutor) browser.driver()).executeScript("window.acdDesk.drop()");
            rig.server.core().agentNotReady("amy", "break");
            browser.text(By.id("state-reason"), "(break)");
            browser.text(By.id("connection"), "live");
            browser.driver().findElement(By.id("ready")).click();
            browser.text(By.id("state"), "Ready");

            // A caller presses 1 for sales: Amy's screen pops with the number, the queue and the caller's way through the
            // IVR, and stays while talking.
            rig.place(new SimulatedCaller(CALLER, "1", 1, 60, 6), "desk-000001").join();
            String callId = "desk-000001-a";
            browser.until(d -> callId.equals(d.findElement(By.tagName("body")).getAttribute("data-call")));
            assertThat(browser.visible(By.id("pop-number")).getText()).isEqualTo(CALLER);
            assertThat(browser.driver().findElement(By.id("pop-queue")).getText()).isEqualTo("sales");
            assertThat(browser.driver().findElement(By.id("pop-waited")).getText()).matches("0:0[0-9]");
            assertThat(browser.driver().findElement(By.id("pop-path")).getText()).contains("=1").endsWith("sales");
            browser.text(By.id("state"), "On a call");
            assertThat(browser.visible(By.id("pop-number")).getText()).isEqualTo(CALLER);
            Path pop = browser.screenshot("agent-desktop-screen-pop");
            assertThat(bobsBrowser.driver().findElement(By.id("pop")).isDisplayed()).isFalse();
            bobsBrowser.screenshot("agent-desktop-other-agent");

            // The call ends: wrap-up for the queue's time, with the queue's codes; a note and a code are stored.
            browser.text(By.id("state"), "Wrap-up");
            assertThat(browser.visible(By.id("wrap-up-number")).getText()).isEqualTo(CALLER);
            Select code = new Select(browser.driver().findElement(By.id("wrap-up-code")));
            assertThat(code.getOptions()).extracting(o -> o.getText())
                    .containsExactly("No code", "sale", "no-sale", "follow-up");
            code.selectByVisibleText("follow-up");
            browser.driver().findElement(By.id("wrap-up-note")).sendKeys("wants the blue one; call back Friday");
            browser.screenshot("agent-desktop-wrap-up");
            browser.driver().findElement(By.id("wrap-up-save")).click();
            browser.until(d -> !d.findElement(By.id("wrap-up")).isDisplayed());
            WrapUpStore wrapUps = new WrapUpStore(rig.server.database().dataSource());
            assertThat(wrapUps.find(callId)).contains(new WrapUpStore.WrapUp(callId, "amy", "follow-up",
                    "wants the blue one; call back Friday"));
            InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
            InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
            assertThat(record.agent()).isEqualTo("amy");
            assertThat(record.callerNumber()).isEqualTo(CALLER);

            // Ending the wrap-up early: ready at once, not after the queue's 60 s.
            assertThat(state("amy")).isEqualTo(AgentState.WRAP_UP);
            browser.driver().findElement(By.id("ready")).click();
            browser.text(By.id("state"), "Ready");
            assertThat(state("amy")).isEqualTo(AgentState.READY);

            assertThat(Files.size(pop)).isGreaterThan(1_000);
        }

        // Bob's socket heard his own state, and never Amy's call, caller or agent id.
        await().atMost(5, TimeUnit.SECONDS).until(() -> !bobHeard.isEmpty());
        assertThat(bobHeard.get(0)).contains("\"type\":\"snapshot\"").contains("\"agentId\":\"bob\"");
        assertThat(bobHeard).allSatisfy(m -> assertThat(m).contains("\"agentId\":\"bob\"")
                .doesNotContain("desk-000001").doesNotContain(CALLER).doesNotContain("\"amy\""));
        bobSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        // A state change names no agent: Bob's session can only ever move Bob.
        HttpResponse<String> other = web.send("POST", "/agent/state", bob, Map.of("state", "ready",
                "agentId", "amy"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
        assertThat(state("bob")).isEqualTo(AgentState.NOT_READY);
    }

    /** Collects a WebSocket's text messages. */
    private record Collect(List<String> into) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            into.add(data.toString());
            socket.request(1);
            return null;
        }
    }
}
