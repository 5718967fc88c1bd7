package org.acdserver.gateway.pages;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.acdserver.gateway.TestRig;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for page tests: Debian's {@code /usr/bin/chromium} driven through {@code /usr/bin/chromedriver}
 * (both installed by scripts/prelude.sh), so nothing is downloaded at run time. Each browser has a fresh profile in
 * a temporary directory, removed on close. Screenshots go to {@code target/screenshots/} of the module, as test
 * artifacts.
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

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless Chromium with a fresh profile, 1280 x 800. */
    public static Browser headless() throws IOException {
        Path profile = Files.createTempDirectory("acd-chromium-");
        ChromeOptions options = new ChromeOptions();
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

    /** Waits until an element is visible, and returns it. */
    public WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until an element's text is exactly {@code text}, and returns it. */
    public WebElement text(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(by, text));
        return driver.findElement(by);
    }

    /** Waits until the condition holds. */
    public <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition::apply);
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

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            TestRig.deleteTree(profile);
        }
    }
}
