package org.acdserver.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.acdserver.core.QueueDefinition;
import org.acdserver.gateway.TestRig;
import org.acdserver.gateway.WebClient;
import org.acdserver.gateway.audit.AuditEntry;
import org.acdserver.gateway.auth.Caller;
import org.acdserver.gateway.auth.Role;
import org.acdserver.gateway.auth.User;
import org.acdserver.gateway.auth.UserAccounts;
import org.acdserver.gateway.store.InteractionQueries;
import org.acdserver.gateway.store.InteractionRecord;
import org.acdserver.sandbox.SimulatedCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The admin console in headless Chromium against the real server and a sandbox Asterisk. An admin edits the main
 * flow: a mistake is listed with its line and marked in the editor, the fix validates, the graph shows the new step,
 * a scripted call and the flow's tests run from the page, and activating it makes the next sandbox call take the
 * new step; this is done three times, and the time from the click on "Activate" to the next call starting on the
 * new version is printed (median of the runs). Then a diff and a one-click rollback to the first version. A
 * supervisor is refused the page and its data. Screenshots of each step are saved under target/screenshots/.
 */
class FlowConsoleIT {

    private static final String PASSWORD = "correct horse battery";
    private static final int RUNS = 3;
    private static TestRig rig;
    private static Path config;
    private static Path mainFile;
    private static String original;
    /** The admin's browser, logged in once for the class: a Chromium start and a login are slow on a busy machine. */
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        config = Files.createTempDirectory("acd-console-config-");
        Path from = TestRig.repoRoot().resolve("config");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = config.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        rig = TestRig.start("console", List.of(new QueueDefinition("sales", 10, 30),
                new QueueDefinition("support", 10, 30)), List.of(), config);
        for (String[] u : new String[][] {{"ada", "admin"}, {"sue", "supervisor"}}) {
            rig.server.accounts().users().add(new Caller(User.LOCAL, Caller.Credential.LOCAL, null, null, "test"),
                    new UserAccounts.NewUser(u[0], PASSWORD, u[1], null,
                            u[1].equals("supervisor") ? Set.of("sales") : Set.of())).join();
        }
        mainFile = Path.of(rig.server.activeFlows().get("main").source());
        original = Files.readString(mainFile);
        await().atMost(30, TimeUnit.SECONDS).until(() -> rig.server.ami().isConnected());
        browser = Browser.headless();
        browser.logIn("http://127.0.0.1:" + rig.server.adminPort(), "ada", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            closeRig();
        }
    }

    private static void closeRig() throws Exception {
        try {
            if (rig != null) {
                rig.close();
            }
        } finally {
            TestRig.deleteTree(config);
        }
    }

    /** The main flow with a step {@code id} between the greeting and the menu, going on to {@code next}. */
    private static String withStep(String id, String next) {
        return original.replace("    next: menu\n", "    next: " + id + "\n").replace("  menu:\n",
                "  " + id + ":\n    type: play\n    prompts: [hello]\n    next: " + next + "\n  menu:\n");
    }

    private static int lineOf(String text, String line) {
        return text.lines().toList().indexOf(line) + 1;
    }

    @Test
    void anAdminEditsAFlowSeesTheErrorFixesItActivatesItForTheNextCallAndRollsBack() throws Exception {
        InteractionQueries records = new InteractionQueries(rig.server.database().dataSource());
        List<Long> clickToCall = new ArrayList<>();
        List<Long> clickToActive = new ArrayList<>();
        browser.open("http://127.0.0.1:" + rig.server.adminPort() + "/console?flow=main");
        browser.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        browser.text(By.id("check-status"), "valid");
        assertThat(browser.driver().findElements(By.cssSelector("#flows button")))
                .extracting(WebElement::getText).contains("main", "care", "vip");
        assertThat(text(browser)).isEqualTo(original);
        assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror .cm-atom, .CodeMirror .cm-string")))
                .as("the editor highlights YAML").isNotEmpty();
        browser.screenshot("console-flow-open");

        for (int run = 1; run <= RUNS; run++) {
            String step = "greeted_" + run;
            // A mistake: the new step goes to a step that does not exist. Listed with its line, marked in the
            // editor, and "Activate" is off.
            String broken = withStep(step, "menuu");
            setText(browser, broken);
            browser.text(By.id("check-status"), "1 problem");
            int line = lineOf(broken, "    next: menuu");
            WebElement problem = browser.visible(By.cssSelector("#problems li"));
            assertThat(problem.getText()).startsWith("line " + line + ":")
                    .endsWith("step '" + step + "' goes to unknown step 'menuu'");
            assertThat(problem.getAttribute("data-line")).isEqualTo(Integer.toString(line));
            assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror .problem-line"))).hasSize(1);
            assertThat(browser.driver().findElement(By.id("activate")).isEnabled()).isFalse();
            if (run == 1) {
                browser.screenshot("console-flow-error");
            }

            // The fix validates, and the graph shows the new step with its labelled exits.
            String fixed = withStep(step, "menu");
            setText(browser, fixed);
            browser.text(By.id("check-status"), "valid");
            assertThat(browser.driver().findElements(By.cssSelector("#problems li"))).isEmpty();
            browser.visible(By.cssSelector("#graph g.node[data-step='" + step + "']"));
            assertThat(browser.driver().findElement(By.cssSelector(
                    "#graph g.edge[data-from='welcome'][data-to='" + step + "']")).getText()).isEqualTo("next");
            assertThat(browser.driver().findElement(By.cssSelector(
                    "#graph g.edge[data-from='menu'][data-to='sales']")).getText()).isEqualTo("1");

            if (run == 1) {
                // A scripted call and the flow's own tests, from the page, on the text not yet activated.
                browser.driver().findElement(By.id("keys")).sendKeys("1");
                browser.driver().findElement(By.id("simulate")).click();
                browser.until(d -> d.findElement(By.id("transcript")).getText().contains("queue reached: sales"));
                assertThat(browser.driver().findElement(By.id("transcript")).getText())
                        .contains("path: welcome > " + step + " > menu > menu=1 > sales");
                browser.driver().findElement(By.id("run-tests")).click();
                browser.until(d -> d.findElements(By.cssSelector("#test-results li")).size() == 3);
                assertThat(browser.driver().findElements(By.cssSelector("#test-results li.pass"))).hasSize(3);
                browser.screenshot("console-flow-fixed-graph-simulation");
                assertThat(rig.server.activeFlows().get("main").text()).as("nothing is active yet")
                        .isEqualTo(original);
            }

            // Activate, and the next new call takes the new step.
            Instant clicked = Instant.now();
            long clickedNanos = System.nanoTime();
            browser.driver().findElement(By.id("activate")).click();
            browser.text(By.id("message"), "activated " + version(fixed));
            clickToActive.add((System.nanoTime() - clickedNanos) / 1_000_000);
            String id = "console-" + run;
            rig.place(new SimulatedCaller("555010" + run, "", 4, 0, 0), id).join();
            InteractionRecord record = await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> records.byCallId(id + "-a"), Optional::isPresent).orElseThrow();
            assertThat(record.flow()).isEqualTo("main");
            assertThat(record.ivrPath()).as("the call ran the version just activated")
                    .startsWith("welcome", step);
            clickToCall.add(Duration.between(clicked, record.startedAt()).toMillis());
            assertThat(Files.readString(mainFile)).isEqualTo(fixed);
            assertThat(rig.server.activeFlows().get("main").text()).isEqualTo(fixed);
        }
        browser.screenshot("console-flow-activated");

        // History: the startup version and one per activation; a diff shows the last change; one click rolls
        // back to the first.
        browser.until(d -> d.findElements(By.cssSelector("#versions tr")).size() == RUNS + 1);
        WebElement latest = browser.driver().findElement(By.cssSelector("#versions tr[data-version='"
                + (RUNS + 1) + "']"));
        assertThat(latest.getText()).contains("(active)").contains("ada");
        latest.findElement(By.cssSelector("button.diff")).click();
        browser.until(d -> d.findElement(By.id("diff")).getText().contains("+    next: greeted_" + RUNS));
        assertThat(browser.driver().findElement(By.id("diff")).getText())
                .contains("-    next: greeted_" + (RUNS - 1)).contains("+  greeted_" + RUNS + ":");
        browser.screenshot("console-flow-diff");
        browser.driver().findElement(By.cssSelector("#versions tr[data-version='1'] button.rollback")).click();
        browser.until(d -> d.findElement(By.id("message")).getText().startsWith("rolled back to v1"));
        assertThat(text(browser)).isEqualTo(original);
        assertThat(Files.readString(mainFile)).isEqualTo(original);
        assertThat(rig.server.activeFlows().get("main").text()).isEqualTo(original);
        browser.until(d -> d.findElements(By.cssSelector("#versions tr")).size() == RUNS + 2);
        assertThat(browser.driver().findElement(By.cssSelector("#versions tr.active")).getText())
                .contains("v" + (RUNS + 2)).contains("rollback to version 1");
        browser.screenshot("console-flow-rolled-back");
        List<AuditEntry> audited = rig.server.audit().read(Instant.EPOCH, "ada", 100).join();
        assertThat(audited).filteredOn(e -> e.action().equals("flow activate") && e.success()).hasSize(RUNS);
        assertThat(audited).filteredOn(e -> e.action().equals("flow rollback") && e.success()).hasSize(1);
        System.out.printf("console activate -> next call on the new version: median %d ms, runs %s ms;"
                + " activate -> page shows it active: median %d ms, runs %s ms%n", median(clickToCall), clickToCall,
                median(clickToActive), clickToActive);
    }

    @Test
    void anAdminEditsAQueueOnTheConfigurationPageSeesTheLoadersProblemAndSavesTheFix() throws Exception {
        Path queues = config.resolve("queues.yaml");
        String before = Files.readString(queues);
        browser.open("http://127.0.0.1:" + rig.server.adminPort() + "/console/sections?section=queues");
        browser.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        browser.visible(By.cssSelector("#items button[data-item='sales']")).click();
        browser.until(d -> "sales".equals(d.findElement(By.tagName("body")).getAttribute("data-item")));
        WebElement item = browser.driver().findElement(By.id("item"));
        String json = item.getAttribute("value");
        assertThat(json).contains("\"strategy\": \"longest-idle\"").contains("\"wrapUpSeconds\": 0");

        // A value the loader refuses: its message and place in queues.yaml, and the file stays as it was.
        setValue(browser, item, json.replace("\"strategy\": \"longest-idle\"", "\"strategy\": \"ring-all\""));
        browser.driver().findElement(By.id("save")).click();
        WebElement problem = browser.visible(By.cssSelector("#problems li"));
        assertThat(problem.getText()).contains("queues.yaml:").contains("unknown strategy 'ring-all'");
        assertThat(Files.readString(queues)).isEqualTo(before);
        browser.screenshot("console-queue-error");

        // The fix is saved into the file and active at once.
        setValue(browser, item, json.replace("\"wrapUpSeconds\": 0", "\"wrapUpSeconds\": 7"));
        browser.driver().findElement(By.id("save")).click();
        browser.until(d -> !d.findElement(By.id("message")).getText().isEmpty()
                && !d.findElement(By.id("message")).getText().equals("saving…"));
        assertThat(browser.driver().findElements(By.cssSelector("#problems li"))).isEmpty();
        assertThat(rig.server.configuration().routing().queuesById().get("sales").wrapUpSeconds()).isEqualTo(7);
        assertThat(Files.readString(queues)).contains("wrapUpSeconds: 7");
        browser.screenshot("console-queue-saved");
    }

    @Test
    void aSupervisorCannotOpenTheFlowEditorNorReadOrChangeFlows() throws Exception {
        try (Browser supervisor = Browser.headless()) {
            supervisor.logIn("http://127.0.0.1:" + rig.server.adminPort(), "sue", PASSWORD);
            supervisor.open("http://127.0.0.1:" + rig.server.adminPort() + "/console");
            assertThat(supervisor.driver().getPageSource()).contains("needs the role admin")
                    .doesNotContain("CodeMirror");
            assertThat(supervisor.driver().findElements(By.id("editor"))).isEmpty();
            supervisor.screenshot("console-supervisor-refused");
        }
        WebClient web = new WebClient("http://127.0.0.1:" + rig.server.adminPort());
        WebClient.Session sue = web.login("sue", PASSWORD);
        String before = Files.readString(mainFile);
        for (String path : List.of("/console", "/console/sections", "/console/files/console.js", "/console/flows",
                "/console/flow?name=main", "/console/flow/versions?name=main")) {
            HttpResponse<String> r = web.get(path, sue);
            assertThat(r.statusCode()).as("GET " + path + " as a supervisor").isEqualTo(403);
            assertThat(r.body()).doesNotContain("welcome");
        }
        HttpResponse<String> activate = web.send("POST", "/console/flow/activate", sue,
                Map.of("name", "main", "text", withStep("sneaky", "menu")));
        assertThat(activate.statusCode()).isEqualTo(403);
        HttpResponse<String> rollback = web.send("POST", "/console/flow/rollback", sue,
                Map.of("name", "main", "version", 1));
        assertThat(rollback.statusCode()).isEqualTo(403);
        assertThat(Files.readString(mainFile)).isEqualTo(before);
    }

    private static void setValue(Browser browser, WebElement element, String value) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]", element, value);
    }

    private static void setText(Browser browser, String text) {
        ((JavascriptExecutor) browser.driver()).executeScript("window.acdConsole.setText(arguments[0])", text);
    }

    private static String text(Browser browser) {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript("return window.acdConsole.text()");
    }

    /** A text's version as the console shows it: the start of its SHA-256. */
    private static String version(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
