package org.acdserver.gateway.pages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import org.acdserver.gateway.TestRig;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for page tests: Debian's {@code /usr/bin/chromium} driven through {@code /usr/bin/chromedriver}
 * (both installed by scripts/prelude.sh), so nothing is downloaded at run time. Each browser has a fresh profile in
 * a temporary directory, removed on close. Screenshots go to {@code target/screenshots/} of the module, as test
 * artifacts.
 *
 * <p>A browser still open when the JVM exits (a test run stopped midway: its try-with-resources never ends) is quit
 * by a shutdown hook. Chromium and its driver are processes of their own, and would otherwise run on after the JVM
 * and slow whatever the machine runs next.
 *
 * <p>A wait that times out fails with what is needed to tell its cause: the page's address and state, the browser's
 * console (uncaught errors, failed requests, the live feed's connects and closes) and the server's last log lines.
 * The same goes to {@code target/screenshots/failure-<time>.txt}, next to a screenshot of the moment.
 *
 * <pre>
 * try (WebRig rig = WebRig.start(); Browser browser = Browser.headless()) {
 *     rig.addUser("ada", "correct horse battery", Role.ADMIN, null, Set.of());
 *     browser.logIn(rig.adminUrl(), "ada", "correct horse battery");
 *     browser.screenshot("home");
 * }
 * </pre>
 */
public final class Browser implements AutoCloseable {

    /** Where screenshots are saved. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    // Longer than the live pages' reconnect schedule (pauses of 0.5, 1, 2, 4 and 8 s): a page whose first sockets
    // fail while the server starts up is live again within it, and a page that never comes back still fails.
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final AtomicInteger FAILURES = new AtomicInteger();
    /** Server log lines in a failure's message; the artifact file has all that are kept. */
    private static final int LOG_LINES_IN_MESSAGE = 60;

    /** The console's lines so far: the driver hands each line out once. */
    private final List<String> console = new ArrayList<>();
    private boolean closed;

    private final ChromeDriver driver;
    private final Path profile;
    private final Thread quitOnExit = new Thread(this::quitOnExit, "browser-quit-on-exit");

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        Runtime.getRuntime().addShutdownHook(quitOnExit);
    }

    /** Starts a headless Chromium with a fresh profile, 1280 x 800. */
    public static Browser headless() throws IOException {
        Path profile = Files.createTempDirectory("acd-chromium-");
        ServerLog.keep();
        ChromeOptions options = new ChromeOptions();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            TestRig.deleteTree(profile);
            throw e;
        }
    }

    /** The Selenium driver, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens a URL and waits for the page to load. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Logs in on the server's login page and waits until the browser has left it.
     *
     * @param adminUrl the admin listener, e.g. {@code http://127.0.0.1:40123}
     */
    public Browser logIn(String adminUrl, String username, String password) {
        open(adminUrl + "/login");
        submitLogin(username, password);
        until(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    /** Fills in and submits the login form of the page shown, without waiting for the outcome. */
    public Browser submitLogin(String username, String password) {
        WebElement user = visible(By.id("username"));
        user.clear();
        user.sendKeys(username);
        WebElement secret = driver.findElement(By.id("password"));
        secret.clear();
        secret.sendKeys(password);
        driver.findElement(By.id("submit")).click();
        return this;
    }

    /**
     * Makes the browser fail every request whose URL matches one of the patterns ({@code *} matches anything), as a
     * network that drops them would, until {@link #unblockRequests()}; across page loads.
     */
    public Browser blockRequests(String... urlPatterns) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(urlPatterns)));
        return this;
    }

    /** Lets every request through again. */
    public Browser unblockRequests() {
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        return this;
    }

    /** Makes the page's clock read in another time zone than this machine's, as a browser elsewhere would. */
    public Browser timeZone(String zoneId) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zoneId));
        return this;
    }

    /** Waits until an element is visible, and returns it. */
    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until an element's text is exactly {@code text}, and returns it. */
    public WebElement text(By by, String text) {
        waitFor(ExpectedConditions.textToBe(by, text));
        return driver.findElement(by);
    }

    /** Waits until the condition holds. */
    public <T> T until(Function<WebDriver, T> condition) {
        return waitFor(condition);
    }

    private <T> T waitFor(Function<? super WebDriver, T> condition) {
        try {
            // A page that re-renders a list between a find and a read leaves a stale element: read again.
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            // The first lines name the condition and the time; the rest is Selenium's build and capabilities.
            throw new AssertionError(failureReport(e.getMessage().lines().limit(2)
                    .reduce((a, b) -> a + System.lineSeparator() + b).orElse("")), e);
        }
    }

    /**
     * The browser's console so far, one line per entry with its UTC time and level (uncaught errors, failed
     * requests, and what the pages log).
     */
    public List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(TIME.format(Instant.ofEpochMilli(entry.getTimestamp())) + " " + entry.getLevel() + " "
                        + entry.getMessage());
            }
        } catch (WebDriverException e) {
            console.add("(console not readable: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return List.copyOf(console);
    }

    /**
     * What a failed wait tells: the page, the console, the server's last lines; saved with a screenshot under
     * target/screenshots/failure-*.
     */
    private String failureReport(String what) {
        String name = "failure-" + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + "-" + FAILURES.incrementAndGet();
        String page;
        try {
            page = driver.getCurrentUrl() + " " + ((JavascriptExecutor) driver).executeScript(
                    "const t = (id) => document.getElementById(id)?.textContent ?? null;"
                    + "return JSON.stringify({data: {...document.body?.dataset}, state: t('state'),"
                    + " connection: t('connection'), problem: t('problem')});");
        } catch (WebDriverException e) {
            page = "(page not readable: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        String shot;
        try {
            shot = screenshot(name).toString();
        } catch (RuntimeException e) {
            shot = "(no screenshot: " + e.getMessage() + ")";
        }
        String head = what + System.lineSeparator() + "page at " + TIME.format(Instant.now()) + ": " + page
                + System.lineSeparator() + "screenshot: " + shot + System.lineSeparator()
                + "browser console:" + System.lineSeparator() + String.join(System.lineSeparator(), consoleLog())
                + System.lineSeparator() + "server log, last lines:" + System.lineSeparator();
        Path report = SCREENSHOTS.resolve(name + ".txt");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(report, head + String.join(System.lineSeparator(), ServerLog.last(Integer.MAX_VALUE)));
        } catch (IOException e) {
            report = null;
        }
        return head + String.join(System.lineSeparator(), ServerLog.last(LOG_LINES_IN_MESSAGE))
                + System.lineSeparator() + "(all of it in " + report + ")";
    }

    /** Saves a PNG of the window as {@code target/screenshots/<name>.png}; returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        }
    }

    /** Quits the browser and removes its profile; once, later calls do nothing. */
    @Override
    public void close() throws IOException {
        try {
            Runtime.getRuntime().removeShutdownHook(quitOnExit);
        } catch (IllegalStateException exiting) {
            // The hook is running or about to: it quits the browser, and so may this.
        }
        quit();
    }

    private synchronized void quit() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            TestRig.deleteTree(profile);
        }
    }

    private void quitOnExit() {
        try {
            quit();
        } catch (IOException | RuntimeException e) {
            System.err.println("browser with profile " + profile + " not quit at exit: " + e);
        }
    }
}
