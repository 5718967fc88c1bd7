package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acdserver.core.AgentDefinition;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.store.InteractionOutcome;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The live wallboard in headless Chromium against the real server, a sandbox Asterisk and PostgreSQL. Sue supervises
 * sales only. Scripted calls: one caller answered by Amy, then, with Amy not ready, callers who wait in sales and
 * hang up after the short-abandon threshold. Sue's page shows sales and no other queue, Amy and no other agent, the
 * waiting count as callers enter (coloured by sales' thresholds), and today's figures equal to what
 * {@code GET /reports} answers for the day; a dropped connection resyncs. Screenshots under target/screenshots/.
 *
 * <p>It also measures the wallboard's update latency: from a call entering the queue (its record's
 * {@code enqueued_at}) to the first frame painted after the page's waiting count went up; browser and server share
 * this machine's clock. {@code -Dacd.wallboardCalls=50} for the figure; the default is a smoke size of 2 calls.
 */
class WallboardIT {

    private static final String PASSWORD = "correct horse battery";
    private static final int CALLS = Integer.getInteger("acd.wallboardCalls", 2);
    /** Stamps the first frame painted after each new value of sales' waiting count. */
    private static final String OBSERVE = """
            window.waitingSeen = {};
            const tile = document.querySelector('section.queue[data-queue="sales"] [data-field="waiting"]');
            new MutationObserver(() => {
              const n = tile.dataset.value;
              if (n && !(n in window.waitingSeen)) {
                window.waitingSeen[n] = 0;
                requestAnimationFrame(() => { window.waitingSeen[n] = performance.timeOrigin + performance.now(); });
              }
            }).observe(tile, { attributes: true, attributeFilter: ['data-value'] });
            """;
    private static TestRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = TestRig.start("wallboard", List.of(new QueueDefinition("sales", 10, 30),
                        new QueueDefinition("support", 10, 30)),
                List.of(new AgentDefinition("amy", "Local/amy@sim-agent/n", List.of("sales")),
                        new AgentDefinition("bob", "Local/bob@sim-agent/n", List.of("support"))));
        rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                new UserAccounts.NewUser("sue", PASSWORD, Role.SUPERVISOR.wireName(), null, Set.of("sales"))).join();
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }


    /** An attribute of sales' figure, read in one script: the page may replace nodes between two driver calls. */
    private static String value(WebDriver d, String name) {
        return (String) ((JavascriptExecutor) d).executeScript("const e = document.querySelector("
                + "'section.queue[data-queue=\"sales\"] [data-field=\"' + arguments[0] + '\"]');"
                + " return e ? e.dataset.value ?? null : null", name);
    }

    /** A data attribute of the first element a selector finds, or null, read in one script. */
    private static String attribute(Browser browser, String css, String name) {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.dataset[arguments[1]] ?? null : null",
                css, name);
    }

    /** The text of the first element a selector finds, or null, read in one script. */
    private static String text(Browser browser, String css) {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css);
    }

    @Test
    void aSupervisorSeesTheirQueueLiveWithTodaysFiguresAsTheReportGivesThem() throws Exception {
        String url = "http://127.0.0.1:" + rig.server.adminPort();
        WebClient web = new WebClient(url);
        WebClient.Bearer admin = new WebClient.Bearer(rig.adminToken());
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        try (Browser browser = Browser.headless()) {
            browser.logIn(url, "sue", PASSWORD).open(url + "/supervisor");
            browser.text(By.id("connection"), "live");
            browser.until(d -> d.findElements(By.cssSelector("section.queue")).size() == 1);
            assertThat(browser.driver().findElements(By.cssSelector("section.queue[data-queue=\"support\"]")))
                    .as("support is not Sue's queue").isEmpty();
            browser.until(d -> d.findElements(By.cssSelector("#agents tr")).size() == 1);
            assertThat(attribute(browser, "#agents tr", "agent")).isEqualTo("amy");

            // One caller presses 1 for sales and Amy answers.
            rig.place(new SimulatedCaller("5550101", "1", 1, 30, 2), "wb-000000").join();
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> records.byCallId("wb-000000-a").isPresent());
            assertThat(records.byCallId("wb-000000-a").orElseThrow().agent()).isEqualTo("amy");

            // Amy goes not ready: the page shows it with the reason.
            rig.server.core().agentNotReady("amy", "lunch");
            browser.until(d -> "not_ready".equals(attribute(browser, "#agents tr[data-agent=amy]", "state")));
            assertThat(text(browser, "#agents tr[data-agent=amy] td.reason")).isEqualTo("lunch");

            // Callers wait, each entering once the page shows the one before; all hang up after 5 s in line
            // (sales' short-abandon threshold), so they are abandoned.
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript(OBSERVE);
            int hold = 8 + 3 * CALLS;
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= CALLS; i++) {
                String id = String.format("wb-%06d", i);
                rig.place(new SimulatedCaller("55502" + String.format("%02d", i % 100), "1", 1, hold, 2), id).join();
                ids.add(id + "-a");
                String n = Integer.toString(i);
                await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                        .until(() -> n.equals(value(browser.driver(), "waiting")));
                if (i == 1) {
                    assertThat(attribute(browser, "section.queue[data-queue=\"sales\"] [data-field=\"waiting\"]",
                            "level")).as("sales warns at 1").isEqualTo("warn");
                    browser.screenshot("wallboard-waiting");
                }
            }
            List<Long> latencies = new ArrayList<>();
            for (int i = 1; i <= CALLS; i++) {
                String callId = ids.get(i - 1);
                InteractionRecord r = await().atMost(60 + hold, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250))
                        .until(() -> records.byCallId(callId), Optional::isPresent).orElseThrow();
                assertThat(r.outcome()).as(callId).isEqualTo(InteractionOutcome.ABANDONED_IN_QUEUE);
                Object seen = js.executeScript("return window.waitingSeen[arguments[0]]", Integer.toString(i));
                assertThat(seen).as("waiting " + i + " was on screen").isNotNull();
                long seenAt = Math.round(((Number) seen).doubleValue());
                assertThat(seenAt).as("waiting " + i + " was painted").isPositive();
                latencies.add(seenAt - r.enqueuedAt().toEpochMilli());
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            System.out.printf("wallboard update latency over %d calls (enqueue to the frame painted): median %d ms,"
                            + " min %d ms, p90 %d ms, max %d ms; all %s%n", sorted.size(), median, sorted.get(0),
                    sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)),
                    sorted.get(sorted.size() - 1), latencies);
            assertThat(sorted.get(0)).as("the count never changes before the call enters").isGreaterThanOrEqualTo(-5);
            assertThat(median).as("median enqueue-to-page latency").isLessThan(2_000);

            // Today's figures on the page are the report API's for the day, and what the script implies.
            ZoneId zone = rig.server.configuration().kpi().timeZone();
            LocalDate today = LocalDate.now(zone);
            String report = "/reports?interval=1d&queue=sales&from=" + today + "&to=" + today.plusDays(1);
            JsonNode[] row = new JsonNode[1];
            await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                row[0] = WebClient.json(web.get(report, admin)).path("queues").get(0);
                assertThat(row[0].path("abandoned").asLong()).isEqualTo(CALLS);
                WebDriver d = browser.driver();
                assertThat(value(d, "abandoned")).isEqualTo(row[0].path("abandoned").asText());
                assertThat(value(d, "answered")).isEqualTo(row[0].path("answered").asText());
                assertThat(d.findElement(By.cssSelector("section.queue[data-queue=\"sales\"]"))
                        .getAttribute("data-offered")).isEqualTo(row[0].path("offered").asText());
                for (String[] f : new String[][] {{"serviceLevel", "serviceLevel"}, {"serviceLevel2", "serviceLevel2"},
                        {"asa", "asaSeconds"}, {"aht", "ahtSeconds"}}) {
                    assertThat(Double.parseDouble(value(d, f[0]))).as(f[0])
                            .isCloseTo(row[0].path(f[1]).asDouble(), within(1e-9));
                }
            });
            JsonNode sales = row[0];
            assertThat(sales.path("offered").asLong()).isEqualTo(1 + CALLS);
            assertThat(sales.path("answered").asLong()).isEqualTo(1);
            assertThat(sales.path("serviceLevel").asDouble()).isEqualTo(1.0);
            assertThat(sales.path("serviceLevel2").asDouble()).isCloseTo(1.0 / (1 + CALLS), within(1e-9));
            assertThat(text(browser, "section.queue[data-queue=\"sales\"] [data-field=\"serviceLevel\"] .value"))
                    .isEqualTo("100.0%");

            // The leaderboard: Amy handled the one answered call; hers is the queue's only handle time.
            browser.until(d -> "1".equals(text(browser, ".leaderboard tr[data-agent=amy] [data-field=handled]")));
            assertThat(Double.parseDouble(attribute(browser, ".leaderboard tr[data-agent=amy] [data-field=aht]",
                    "value"))).isCloseTo(sales.path("ahtSeconds").asDouble(), within(0.5));
            Path shot = browser.screenshot("wallboard-today");
            assertThat(Files.size(shot)).isGreaterThan(1_000);

            // A dropped connection reconnects and resyncs: a change made meanwhile is there afterwards.
            int before = Integer.parseInt(attribute(browser, "body", "messages"));
            js.executeScript("window.acdWallboard.drop()");
            rig.server.core().agentReady("amy");
            browser.until(d -> "ready".equals(attribute(browser, "#agents tr[data-agent=amy]", "state")));
            browser.text(By.id("connection"), "live");
            assertThat(Integer.parseInt(attribute(browser, "body", "messages"))).isGreaterThan(before);

            // The report page: the day of sales as charts, from the same report API, one point per hour. The
            // browser is 14 hours ahead of the report's zone: the axes still start at the report's midnight.
            browser.timeZone("Pacific/Kiritimati");
            browser.open(url + "/supervisor/reports?queue=sales&from=" + today);
            browser.until(d -> ("sales/" + today + "/day").equals(attribute(browser, "body", "shown")));
            assertThat(browser.driver().findElements(By.cssSelector(".chart canvas"))).hasSize(4);
            for (String chart : List.of("chart-volume", "chart-sl", "chart-asa", "chart-staffing")) {
                assertThat(attribute(browser, "#" + chart, "points")).as(chart)
                        .isEqualTo("24");
                assertThat(attribute(browser, "#" + chart, "zone")).as(chart).isEqualTo(zone.getId());
                // The first hour label is the report's midnight (uPlot writes "12am"), whatever the browser's zone.
                assertThat(attribute(browser, "#" + chart, "axis")).as(chart).startsWith("12am");
            }
            for (String f : List.of("offered", "answered", "abandoned")) {
                assertThat(attribute(browser, "#totals tr[data-field=" + f + "]", "value")).as(f)
                        .isEqualTo(sales.path(f).asText());
            }
            assertThat(Double.parseDouble(attribute(browser, "#totals tr[data-field=serviceLevel2]", "value")))
                    .isCloseTo(sales.path("serviceLevel2").asDouble(), within(1e-9));
            // Amy's time split by state has her talk; Bob is not one of Sue's agents.
            assertThat(Double.parseDouble(attribute(browser, "#split tr[data-agent=amy]", "talk"))).isPositive();
            assertThat(attribute(browser, "#split tr[data-agent=bob]", "agent")).isNull();
            String csv = (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + " fetch(document.getElementById('csv-queues').href).then(r => r.text()).then(done)");
            assertThat(csv.lines().findFirst()).get().asString().contains("queue").contains("offered");
            assertThat(csv).contains("sales");
            browser.screenshot("report-page");
        }

        // The board as JSON: Sue's holds sales only.
        WebClient.Session sue = web.login("sue", PASSWORD);
        JsonNode board = WebClient.json(web.get("/supervisor/board", sue));
        assertThat(board.path("queues")).extracting(q -> q.path("queue").asText()).containsExactly("sales");
        assertThat(board.path("agents")).extracting(a -> a.path("agent").asText()).containsExactly("amy");
        JsonNode all = WebClient.json(web.get("/supervisor/board", admin));
        assertThat(all.path("queues")).extracting(q -> q.path("queue").asText()).containsExactly("sales", "support");
    }
}
