package org.acdserver.gateway.spy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.ami.AmiClient;
import org.acdserver.gateway.ami.AmiMessage;
import org.acdserver.gateway.ami.ManagerWatch;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.pages.Browser;
import org.acdserver.sandbox.SimulatedCaller;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Listen, whisper and barge on a real Asterisk 22 with PostgreSQL. Amy (sales) takes a routed call (her simulated
 * phone plays music as its voice: a call with audio, as real ones are); Sue supervises
 * sales and listens on a phone that answers (a Local channel into the sandbox's {@code sim-supervisor}, which streams
 * audio as a phone does). Asterisk's own events, read by a second manager client without the server's event filter,
 * show what happened: ChanSpyStart on Amy's channel, the ChanSpy application data with the mode's options, the spy
 * channel's hangup when Sue stops; then, from clicks on Sue's wallboard in headless Chromium (screenshot under
 * target/screenshots/), a barge, the DTMF 5 of a switch to whisper received on the spy channel, and ChanSpyStop when
 * the call ends with the spy on it. The stored rows and the audit log hold each step; a supervisor of another queue
 * is refused, one without a phone is told so.
 */
class SpyIT {

    private static final String PASSWORD = "correct horse battery";
    private static final Queue<AmiMessage> EVENTS = new ConcurrentLinkedQueue<>();
    private static TestRig rig;
    private static NioEventLoopGroup group;
    private static AmiClient watch;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("spy",
                List.of(new QueueDefinition("sales", 10, 30), new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("amy", "Local/amy@sim-agent-talking/n", List.of("sales")),
                        new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("support"))));
        Caller local = new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test");
        UserAccounts users = rig.server.accounts().users();
        users.add(local, new UserAccounts.NewUser("sue", PASSWORD, Role.SUPERVISOR.wireName(), null, Set.of("sales")))
                .join();
        users.add(local, new UserAccounts.NewUser("tom", PASSWORD, Role.SUPERVISOR.wireName(), null,
                Set.of("support"))).join();
        users.add(local, new UserAccounts.NewUser("nel", PASSWORD, Role.SUPERVISOR.wireName(), null,
                Set.of("sales"))).join();
        group = new NioEventLoopGroup(1);
        watch = new AmiClient(ManagerWatch.settings(rig.sandbox).withEvents("call,dtmf,dialplan"), group);
        watch.addListener(EVENTS::add);
        watch.start().get(30, TimeUnit.SECONDS);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (watch != null) {
            watch.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (rig != null) {
            rig.close();
        }
    }

    private static AmiMessage event(Predicate<AmiMessage> which) {
        try {
            return await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> EVENTS.stream().filter(which).findFirst(), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not seen; the spy events were " + EVENTS.stream()
                    .filter(m -> m.eventName().startsWith("ChanSpy")).toList(), e);
        }
    }

    private static Predicate<AmiMessage> named(String name, String key, String value) {
        return e -> name.equals(e.eventName()) && value.equals(e.get(key));
    }

    /** A spy's stored row as (started_at, ended_at, duration_ms, end_reason, mode). */
    private static Object[] row(long id) throws Exception {
        try (Connection c = rig.server.database().dataSource().getConnection(); PreparedStatement ps =
                c.prepareStatement("SELECT started_at, ended_at, duration_ms, end_reason, mode, supervisor, agent_id,"
                        + " call_id FROM spy_session WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("spy " + id + " stored").isTrue();
                long duration = rs.getLong(3);
                return new Object[] {rs.getTimestamp(1), rs.getTimestamp(2), rs.wasNull() ? null : duration,
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)};
            }
        }
    }

    private static List<String> modeChanges(long id) throws Exception {
        List<String> modes = new ArrayList<>();
        try (Connection c = rig.server.database().dataSource().getConnection(); PreparedStatement ps =
                c.prepareStatement("SELECT mode FROM spy_mode_change WHERE spy_id = ? ORDER BY at")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    modes.add(rs.getString(1));
                }
            }
        }
        return modes;
    }

    @Test
    void aSupervisorListensAndStopsThenBargesAndWhispersUntilTheCallEnds() throws Exception {
        String url = "http://127.0.0.1:" + rig.server.adminPort();
        WebClient web = new WebClient(url);
        WebClient.Bearer admin = new WebClient.Bearer(rig.adminToken());
        try (Browser browser = Browser.headless()) {
            listenWhisperStopAndBarge(url, web, admin, browser);
        }
    }

    private void listenWhisperStopAndBarge(String url, WebClient web, WebClient.Bearer admin, Browser browser)
            throws Exception {
        WebClient.Session sue = web.login("sue", PASSWORD);
        WebClient.Session tom = web.login("tom", PASSWORD);
        WebClient.Session nel = web.login("nel", PASSWORD);
        Instant began = Instant.now();
        assertThat(web.send("POST", "/users/sue/phone", admin, Map.of("phone", "Local/sue@sim-supervisor/n"))
                .statusCode()).isEqualTo(200);
        assertThat(web.send("POST", "/users/tom/phone", admin, Map.of("phone", "Local/tom@sim-supervisor/n"))
                .statusCode()).isEqualTo(200);

        // Amy answers a sales call and talks 10 s.
        rig.place(new SimulatedCaller("5550111", "1", 1, 40, 10), "spy-call01").join();
        AmiMessage answered = event(e -> "DialEnd".equals(e.eventName()) && "ANSWER".equals(e.get("DialStatus"))
                && e.get("DestChannel") != null && e.get("DestChannel").startsWith("Local/amy@sim-agent-talking-"));
        String amyChannel = answered.get("DestChannel");

        // Tom supervises support only: refused. Nel has no phone: told so.
        HttpResponse<String> other = web.send("POST", "/supervisor/spy", tom, Map.of("agent", "amy", "mode", "listen"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("tom").contains("amy");
        HttpResponse<String> noPhone = web.send("POST", "/supervisor/spy", nel,
                Map.of("agent", "amy", "mode", "listen"));
        assertThat(noPhone.statusCode()).as(noPhone.body()).isEqualTo(409);
        assertThat(noPhone.body()).contains("nel has no phone");
        assertThat(web.send("POST", "/supervisor/spy", sue, Map.of("agent", "bob", "mode", "listen")).statusCode())
                .as("Bob is not on Sue's queues").isEqualTo(403);

        // Sue's wallboard shows Amy on her call with the buttons.
        browser.logIn(url, "sue", PASSWORD).open(url + "/supervisor");
        browser.until(d -> "on_call".equals(((JavascriptExecutor) d).executeScript(
                "const r = document.querySelector('#agents tr[data-agent=amy]'); return r ? r.dataset.state : null")));

        // Sue listens.
        HttpResponse<String> started = await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> web.send("POST", "/supervisor/spy", sue, Map.of("agent", "amy", "mode", "listen")),
                        r -> r.statusCode() != 409);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode spy = WebClient.json(started);
        long id = spy.path("id").asLong();
        String spyChannel = spy.path("channel").asText();
        AmiMessage join = event(named("ChanSpyStart", "SpyerUniqueid", spyChannel));
        long joinedAt = System.nanoTime();
        assertThat(join.get("SpyeeChannel")).isEqualTo(amyChannel);
        AmiMessage app = event(e -> "Newexten".equals(e.eventName()) && spyChannel.equals(e.get("Uniqueid"))
                && "ChanSpy".equals(e.get("Application")));
        assertThat(app.get("AppData")).as("quiet listen, from Asterisk's side").isEqualTo(amyChannel + ",qEd");
        assertThat(SpyMode.ofOptions(app.get("AppData").substring(amyChannel.length() + 1)))
                .isEqualTo(SpyMode.LISTEN);
        await().atMost(5, TimeUnit.SECONDS).until(() -> row(id)[0] != null);

        // Sue stops: her spy channel is hung up, and the row's duration is the time on the call.
        HttpResponse<String> stop = web.send("POST", "/supervisor/spy/stop", sue, Map.of("spy", id));
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
        long stoppedAfter = (System.nanoTime() - joinedAt) / 1_000_000;
        event(named("Hangup", "Uniqueid", spyChannel));
        await().atMost(5, TimeUnit.SECONDS).until(() -> row(id)[1] != null);
        Object[] stopped = row(id);
        assertThat((Long) stopped[2]).as("duration, ms; events " + EVENTS.stream().filter(e -> spyChannel.equals(
                e.get("Uniqueid")) || spyChannel.equals(e.get("SpyerUniqueid")) || e.eventName().contains("Hangup"))
                .map(e -> e.eventName() + "@" + e.get("Timestamp") + " " + e.get("Channel") + " " + e.get("Cause"))
                .toList()).isBetween(stoppedAfter - 500, stoppedAfter + 1_500);
        assertThat(stopped[3]).isEqualTo("stopped by sue");
        assertThat(List.of(stopped[4], stopped[5], stopped[6], stopped[7]))
                .containsExactly("listen", "sue", "amy", answered.get("Uniqueid"));

        // Sue barges from her wallboard, switches to whisper, and stays until the call ends: ChanSpy's E leaves with
        // the call.
        browser.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("const b = document"
                + ".querySelector('#agents tr[data-agent=amy] button[data-mode=barge]');"
                + " return b !== null && !b.hidden")));
        browser.driver().findElement(By.cssSelector("#agents tr[data-agent=amy] button[data-mode=barge]")).click();
        String shown = browser.until(d -> {
            String s = (String) ((JavascriptExecutor) d).executeScript("return document.body.dataset.spy ?? ''");
            return s.isEmpty() ? null : s;
        });
        assertThat(shown).endsWith("/barge");
        long second = Long.parseLong(shown.substring(0, shown.indexOf('/')));
        String secondChannel = String.format("spy-%010d", second);
        event(named("ChanSpyStart", "SpyerUniqueid", secondChannel));
        ((JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelector('#agents tr[data-agent=amy]').scrollIntoView({block: 'end'})");
        browser.screenshot("wallboard-barge");
        assertThat(event(e -> "Newexten".equals(e.eventName()) && secondChannel.equals(e.get("Uniqueid"))
                && "ChanSpy".equals(e.get("Application"))).get("AppData")).isEqualTo(amyChannel + ",qBEd");

        // Sue switches to whisper on the page: Asterisk gets the 5 on her spy channel, as ChanSpy's d option reads it.
        browser.driver().findElement(By.id("spy-whisper")).click();
        AmiMessage dtmf = event(e -> "DTMFEnd".equals(e.eventName()) && secondChannel.equals(e.get("Uniqueid")));
        assertThat(dtmf.get("Digit")).isEqualTo("5");
        assertThat(dtmf.get("Direction")).isEqualTo("Received");
        await().atMost(5, TimeUnit.SECONDS).until(() -> modeChanges(second).equals(List.of("whisper")));
        browser.until(d -> ((String) ((JavascriptExecutor) d).executeScript("return document.body.dataset.spy"))
                .endsWith("/whisper"));
        event(named("Hangup", "Channel", amyChannel));
        assertThat(event(named("ChanSpyStop", "SpyerUniqueid", secondChannel)).get("SpyeeChannel"))
                .isEqualTo(amyChannel);
        await().atMost(5, TimeUnit.SECONDS).until(() -> row(second)[1] != null);
        Object[] ended = row(second);
        assertThat(ended[3]).isEqualTo("left the agent's call");
        assertThat((Long) ended[2]).isPositive();

        // The report: Sue sees both; Tom (support) none; the audit log holds each step.
        JsonNode sues = WebClient.json(web.get("/supervisor/spies", sue)).path("spies");
        assertThat(sues).extracting(s -> s.path("id").asLong()).containsExactly(second, id);
        assertThat(sues.get(0).path("changes").get(0).path("mode").asText()).isEqualTo("whisper");
        assertThat(sues.get(1).path("changes")).isEmpty();
        assertThat(WebClient.json(web.get("/supervisor/spies", tom)).path("spies")).isEmpty();
        List<AuditEntry> audit = rig.server.audit().read(began, null, 100).join();
        assertThat(audit).extracting(AuditEntry::action)
                .contains("user_phone", "spy_start", "spy_mode", "spy_stop", "spy_end");
        assertThat(audit).filteredOn(e -> e.action().equals("spy_start") && !e.success())
                .extracting(AuditEntry::actor).contains("tom");
    }
}
