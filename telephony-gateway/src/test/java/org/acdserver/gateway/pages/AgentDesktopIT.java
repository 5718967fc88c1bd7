package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.AgentState;
import org.acdserver.core.QueueDefinition;
import org.acdserver.core.SelectionStrategy;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.desktop.WrapUpStore;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SipAccount;
import org.acdserver.sandbox.SipCallers;
import org.acdserver.sandbox.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent desktop in headless Chromium against the real server and a sandbox Asterisk, with real SIP on both sides:
 * Amy's phone is SIPp registered over PJSIP with digest authentication, which rings a second and answers with RTP,
 * and the caller is SIPp too, pressing 1 for sales as an RFC 4733 key (a main flow that looks the caller up first and
 * shows their name in the screen pop). Amy logs in (a wrong password first), goes not ready and back, sees a state
 * change made from her phone (the feature code *42 dialed on it) live, gets the screen pop of the call while it
 * rings, sees it answered (on a call) and wraps it up with a code and a note; when the same number calls again, the
 * screen pop lists that first call with its note among the caller's earlier contacts. Bob, the second agent (a
 * Local channel: he is never offered a call), never hears of her call. Amy's "My queues" shows a caller waiting in
 * sales while both are not ready, and then no one. Screenshots of each step are saved under
 * target/screenshots/.
 */
class AgentDesktopIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String CALLER = "5550142";
    private static final SipAccount AMY = new SipAccount("amy", "amy-phone-secret-1");
    // Long enough to see the pop ringing and the call talking on a busy machine; the phone hangs up first.
    private static final Duration RING = Duration.ofSeconds(1);
    private static final Duration TALK = Duration.ofSeconds(6);
    private static TestRig rig;
    private static Path config;
    private static SipPhone amysPhone;
    static {
        // Before the browsers start on other threads: logging starts here, and the page tests' log with it.
        ServerLog.keep();
    }

    // Both Chromiums start while the sandbox and the server do: all of them are slow on a busy machine.
    private static final CompletableFuture<Browser> AMYS_BROWSER = CompletableFuture.supplyAsync(
            AgentDesktopIT::chromium, r -> Thread.ofVirtual().start(r));
    private static final CompletableFuture<Browser> BOBS_BROWSER = CompletableFuture.supplyAsync(
            AgentDesktopIT::chromium, r -> Thread.ofVirtual().start(r));
    /** SIP callers still up when a step fails: stopped after the class. */
    private static final List<SipCallers> CALLERS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        config = configWithSalesLookUp();
        // Sales keeps its agents 60 s in wrap-up, so that ending it early is visible.
        rig = TestRig.start("desktop",
                List.of(new QueueDefinition("sales", 10, 30, 60, SelectionStrategy.LONGEST_IDLE, 1, Map.of()),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("amy", AMY.endpoint(), List.of("sales")),
                        new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("sales"))), config, List.of(AMY));
        amysPhone = SipPhone.start(rig.sandbox, AMY, SipPhone.Behaviour.ANSWER, RING, TALK);
        addUser("amy", "amy");
        addUser("bob", "bob");
        try (Connection c = rig.server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO customer (phone, name, balance) VALUES (?, 'Grace Demo', 310.25)")) {
            ps.setString(1, CALLER);
            ps.executeUpdate();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
        amysPhone.awaitRegistered();
    }

    private static void addUser(String username, String agent) {
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser(username, PASSWORD, Role.AGENT.wireName(), agent, Set.of())).join();
    }

    @AfterAll
    static void stop() throws Exception {
        CALLERS.forEach(SipCallers::close);
        for (CompletableFuture<Browser> b : List.of(AMYS_BROWSER, BOBS_BROWSER)) {
            try {
                b.join().close();
            } catch (CompletionException e) {
                // It did not start: the test failed on that already.
            }
        }
        if (amysPhone != null) {
            amysPhone.close();
        }
        if (rig != null) {
            rig.close();
        }
        if (config != null) {
            TestRig.deleteTree(config);
        }
    }

    /**
     * The repository's configuration, with a main flow whose key 1 looks the caller up before the sales queue, which
     * marks the customer's name and balance for the screen pop.
     */
    private static Path configWithSalesLookUp() throws Exception {
        Path dir = Files.createTempDirectory("desktop-config");
        Path from = TestRig.repoRoot().resolve("config");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path main = dir.resolve("flows/main.yaml");
        String flow = Files.readString(main);
        String sales = """
                  sales:
                    type: queue
                    queue: sales
                    next: goodbye
                """;
        assertThat(flow).contains(sales).contains("\"1\": sales");
        flow = flow.replace("\"1\": sales", "\"1\": who").replace(sales, """
                  who:
                    type: lookup
                    query: customer-by-phone
                    with: {phone: caller}
                    into: customer
                    timeout: 2
                    next: sales
                    onError: sales
                  sales:
                    type: queue
                    queue: sales
                    display: [customer.name, customer.balance]
                    next: goodbye
                """);
        Files.writeString(main, flow);
        return dir;
    }

    private static Browser chromium() {
        try {
            return Browser.headless();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

        String callId;
        try (Browser browser = AMYS_BROWSER.join(); Browser bobsBrowser = BOBS_BROWSER.join()) {
            // Log in: a wrong password is refused, the right one opens the desktop.
            browser.open(adminUrl() + "/agent");
            browser.until(d -> d.getCurrentUrl().contains("/login?next=%2Fagent"));
            browser.submitLogin("amy", "not the password");
            assertThat(browser.visible(By.id("message")).getText()).isEqualTo("wrong username or password");
            // The desk's first request fails (as when the server cannot check the session in time, or the network
            // drops it): the page says so and asks again, and shows the desk once it gets through, never stays blank.
            browser.blockRequests("*/me");
            browser.submitLogin("amy", PASSWORD);
            browser.until(d -> d.getCurrentUrl().endsWith("/agent"));
            assertThat(browser.visible(By.id("problem")).getText())
                    .startsWith("The server cannot tell who you are yet");
            assertThat(browser.driver().findElement(By.id("state")).getText()).isEqualTo("…");
            browser.unblockRequests();
            browser.text(By.id("state"), "Ready");
            assertThat(browser.driver().findElement(By.id("problem")).isDisplayed()).isFalse();
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
            // The agent-state history tells a change made on the desktop from the others.
            await().atMost(30, TimeUnit.SECONDS).until(() -> causeOfLastNotReady("amy"), "desktop training"::equals);
            browser.until(d -> !d.findElement(By.id("time-in-state")).getText().equals("0:00"));

            // A change made elsewhere (the feature code *42, ready, dialed on Amy's own phone) shows up live.
            assertThat(amysPhone.dial("*42", AMY.user(), Duration.ofSeconds(10))).isZero();
            browser.text(By.id("state"), "Ready");

            // A dropped connection reconnects and resyncs: a change made meanwhile is there afterwards.
            ((JavascriptExecutor) browser.driver()).executeScript("window.acdDesk.drop()");
            rig.server.core().agentNotReady("amy", "break");
            browser.text(By.id("state-reason"), "(break)");
            browser.text(By.id("connection"), "live");

            // My queues, live: Amy serves sales only. A caller from another number waits there while both agents are
            // not ready (1 waiting, the longest wait counting), then hangs up (0 waiting).
            browser.until(d -> myQueues(d).equals("sales 0 –"));
            try (SipCallers waiting = SipCallers.start(rig.sandbox, "100", SipCallers.Call.pressing("5550199",
                    Duration.ofMillis(200), "1", Duration.ofSeconds(4)))) {
                browser.until(d -> myQueues(d).matches("sales 1 0:0[1-9]"));
                browser.screenshot("desk-queues");
                browser.until(d -> myQueues(d).equals("sales 0 –"));
            }
            browser.driver().findElement(By.id("ready")).click();
            browser.text(By.id("state"), "Ready");

            // A SIP caller presses 1 for sales: Amy's screen pops when her phone is offered the call, with the number,
            // the queue and the caller's way through the IVR, and stays while she talks.
            long answered = amysPhone.answeredCalls();
            SipCallers first = SipCallers.start(rig.sandbox, "100", SipCallers.Call.pressing(CALLER,
                    Duration.ofMillis(500), "1", Duration.ofSeconds(30)));
            CALLERS.add(first);
            callId = browser.until(AgentDesktopIT::callShown);
            browser.visible(By.id("pop-number"));
            // Read in one wait: the page renders the pop again when Amy's state changes (reserved, then on a call), and
            // an element found before that is stale when read; the wait reads them all again.
            ScreenPopShown popped = browser.until(ScreenPopShown::read);
            assertThat(popped.number()).isEqualTo(CALLER);
            assertThat(popped.queue()).isEqualTo("sales");
            assertThat(popped.waited()).matches("0:0[0-9]");
            assertThat(popped.path()).contains("=1").endsWith("sales");
            // The customer's name and balance from the flow's look-up, as the queue step's display list marks them.
            assertThat(popped.displayed()).containsExactly("customer.name", "customer.balance");
            assertThat(popped.customerName()).isEqualTo("Grace Demo");
            // The phone answers after its ring: the page shows the talk, and the pop stays.
            browser.text(By.id("state"), "On a call");
            browser.text(By.id("pop-number"), CALLER);
            assertThat(amysPhone.answeredCalls()).isEqualTo(answered + 1);
            Path pop = browser.screenshot("agent-desktop-screen-pop");
            assertThat(bobsBrowser.driver().findElement(By.id("pop")).isDisplayed()).isFalse();
            bobsBrowser.screenshot("agent-desktop-other-agent");

            // The phone hangs up after its talk time: wrap-up for the queue's time, with the queue's codes; a note and
            // a code are stored.
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
            assertThat(record.talkSeconds()).as("the phone talks %s", TALK).isGreaterThan(TALK.toSeconds() - 1.5);
            first.close();

            // Ending the wrap-up early: ready at once, not after the queue's 60 s.
            assertThat(state("amy")).isEqualTo(AgentState.WRAP_UP);
            browser.driver().findElement(By.id("ready")).click();
            browser.text(By.id("state"), "Ready");
            assertThat(state("amy")).isEqualTo(AgentState.READY);

            // The same number calls again: the screen pop lists the first call among the caller's earlier contacts,
            // with its wrap-up code and note.
            String firstCall = callId;
            try (SipCallers second = SipCallers.start(rig.sandbox, "100", SipCallers.Call.pressing(CALLER,
                    Duration.ofMillis(500), "1", Duration.ofSeconds(30)))) {
                String again = browser.until(d -> {
                    String shown = callShown(d);
                    return shown != null && !shown.equals(firstCall)
                            && shown.equals(d.findElement(By.tagName("body")).getAttribute("data-timeline"))
                            ? shown : null;
                });
                assertThat(again).isNotEqualTo(callId);
                List<WebElement> earlier = browser.driver().findElements(By.cssSelector("#timeline li"));
                assertThat(earlier).extracting(e -> e.getAttribute("data-call-id")).containsExactly(callId);
                assertThat(earlier.get(0).getText()).contains("sales").contains("amy").contains("answered")
                        .contains("code follow-up").contains("wants the blue one; call back Friday");
                assertThat(browser.visible(By.id("pop-number")).getText()).isEqualTo(CALLER);
                browser.screenshot("agent-desktop-timeline");
            }

            assertThat(Files.size(pop)).isGreaterThan(1_000);
        }

        // Bob's socket heard his own state, and never Amy's call, caller or agent id.
        await().atMost(5, TimeUnit.SECONDS).until(() -> !bobHeard.isEmpty());
        assertThat(bobHeard.get(0)).contains("\"type\":\"snapshot\"").contains("\"agentId\":\"bob\"");
        assertThat(bobHeard).allSatisfy(m -> assertThat(m).contains("\"agentId\":\"bob\"")
                .doesNotContain(callId).doesNotContain(CALLER).doesNotContain("\"amy\""));
        bobSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        // A state change names no agent: Bob's session can only ever move Bob.
        HttpResponse<String> other = web.send("POST", "/agent/state", bob, Map.of("state", "ready",
                "agentId", "amy"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
        assertThat(state("bob")).isEqualTo(AgentState.NOT_READY);
    }

    /**
     * What the desktop's "My queues" shows, one "queue waiting longest-wait" per row, rows joined by "; " (empty while
     * hidden); read in one script, as the rows are replaced when the figures change.
     */
    private static String myQueues(WebDriver d) {
        Object shown = ((JavascriptExecutor) d).executeScript("""
                if (document.getElementById('my-queues-panel').hidden) { return ''; }
                return [...document.querySelectorAll('#my-queues tr')].map((r) => [r.dataset.queue,
                  r.querySelector('td.waiting').textContent, r.querySelector('td.longest').textContent].join(' '))
                  .join('; ');""");
        return String.valueOf(shown);
    }

    /** The id of the call the desktop shows (its screen pop), or null while it shows none. */
    private static String callShown(WebDriver d) {
        String call = d.findElement(By.tagName("body")).getAttribute("data-call");
        return call == null || call.isEmpty() ? null : call;
    }

    /** The cause and reason of the agent's last not-ready change in the agent-state history, or null before one. */
    private static String causeOfLastNotReady(String agent) throws Exception {
        String sql = "SELECT cause, reason FROM agent_state WHERE agent = ? AND state = 'not_ready'"
                + " ORDER BY at DESC, id DESC LIMIT 1";
        try (Connection c = rig.server.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) : null;
            }
        }
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

    /** The screen pop's fields, read together. */
    private record ScreenPopShown(String number, String queue, String waited, String path, List<String> displayed,
                                  String customerName) {
        static ScreenPopShown read(WebDriver d) {
            return new ScreenPopShown(d.findElement(By.id("pop-number")).getText(),
                    d.findElement(By.id("pop-queue")).getText(), d.findElement(By.id("pop-waited")).getText(),
                    d.findElement(By.id("pop-path")).getText(),
                    d.findElements(By.cssSelector("#pop-display dt")).stream().map(WebElement::getText).toList(),
                    d.findElement(By.cssSelector("#pop-display dd[data-variable='customer.name']")).getText());
        }
    }
}
