package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven by Selenium, for tests of the web dashboard. Debian's {@code chromium} and
 * {@code chromedriver} at {@code /usr/bin} only: the driver service is given its executable, so Selenium Manager
 * never runs and nothing is downloaded. Each browser has a fresh profile in a temporary directory, deleted on
 * {@link #close}, and a 1280x900 window. Without chromium, {@link #start} fails the test (it never skips): CI's
 * {@code .ci/run} installs {@code chromium chromium-driver}.
 *
 * <p>Starting takes about a second, so start one per test class:
 *
 * <pre>{@code
 * @ExtendWith(BrowserScreenshots.class)   // a PNG under target/screenshots of every failed test
 * class DashboardTest {
 *     static Browser browser;
 *
 *     @BeforeAll static void start() { browser = Browser.start(); }
 *     @AfterAll static void stop() { browser.close(); }
 *     @BeforeEach void fresh() { browser.deleteCookies(); }
 *
 *     @Test void deploys() {
 *         browser.open(baseUrl + "/deploys");
 *         browser.fill(By.name("service"), "checkout");
 *         browser.click(By.cssSelector("button[type=submit]"));
 *         browser.waitFor(By.id("flash"));
 *         assertThat(browser.text(By.id("flash"))).contains("checkout");
 *     }
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where {@link #screenshot} writes, relative to the module (surefire's working directory). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public static final Dimension WINDOW = new Dimension(1280, 900);
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions");

    /** The browsers not closed yet, for {@link BrowserScreenshots}. */
    static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Duration startup;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver, Duration startup) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
        this.startup = startup;
    }

    /** A new headless Chromium on a blank page; fails (an AssertionError) when chromium is not installed. */
    public static Browser start() {
        requireInstalled(CHROMIUM, CHROMEDRIVER);
        long began = System.nanoTime();
        Path profile;
        try {
            profile = Files.createTempDirectory("slipway-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile,
                "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
        driver.manage().window().setSize(WINDOW);
        Browser browser = new Browser(profile, service, driver, Duration.ofNanos(System.nanoTime() - began));
        OPEN.add(browser);
        return browser;
    }

    /** Fails, naming the packages to install, unless both executables are there. */
    static void requireInstalled(Path chromium, Path chromedriver) {
        List<Path> missing = Stream.of(chromium, chromedriver).filter(path -> !Files.isExecutable(path)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("Browser tests need Debian's chromium and chromedriver, and "
                    + missing.stream().map(Path::toString).collect(Collectors.joining(" and ")) + " is missing: "
                    + "apt-get install chromium chromium-driver (CI's .ci/run installs them). "
                    + "Browser tests never skip.");
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** How long {@link #start} took, chromedriver and Chromium both. */
    public Duration startup() {
        return startup;
    }

    /** Loads {@code url} and returns when the page's load event has fired. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** The element, once it is on the page and visible, within {@link #DEFAULT_WAIT}. */
    public WebElement waitFor(By by) {
        return waitFor(by, DEFAULT_WAIT);
    }

    public WebElement waitFor(By by, Duration timeout) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by), timeout);
    }

    /**
     * The condition's first non-null, non-false value, polling within {@link #DEFAULT_WAIT}: one of Selenium's
     * {@link ExpectedConditions} or a lambda, e.g. {@code waitUntil(d -> d.getTitle().startsWith("Deploys"))}.
     */
    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return waitUntil(condition, DEFAULT_WAIT);
    }

    /**
     * As {@link #waitUntil(ExpectedCondition)}, and asks again whatever the browser answers meanwhile: asked while a
     * live region or the page itself is being replaced, Chromium answers with a stale element, or with a generic
     * error ("Node ... does not belong to the document"). The last answer is the cause of a timeout.
     */
    public <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).ignoring(WebDriverException.class).until(condition);
    }

    /** The visible text of the element, once it is visible. */
    public String text(By by) {
        return waitUntil(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    /** Clicks something that stays on this page; for a link or a form's button, {@link #follow}. */
    public void click(By by) {
        waitUntil(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /**
     * Clicks a link or a form's button and returns once the page it was on has gone, so that what is read next is
     * read from the page it leads to. A part of the page replaced under the click (a live region) is clicked again.
     */
    public void follow(By by) {
        WebElement page = driver.findElement(By.tagName("html"));
        waitUntil(d -> {
            WebElement target = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (target == null) {
                return false;
            }
            target.click();
            return true;
        });
        waitUntil(ExpectedConditions.stalenessOf(page));
    }

    /** Replaces the field's value with {@code value}, typed as a user would. */
    public void fill(By by, String value) {
        WebElement field = waitFor(by);
        field.clear();
        field.sendKeys(value);
    }

    /** Runs {@code script} in the page, as a function body: {@code return ...} gives its value, args are {@code arguments}. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The cookies of the current page's origin that the page can see, HttpOnly ones too. */
    public Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(driver.manage().getCookieNamed(name)).map(Cookie::getValue);
    }

    /** Sets a cookie on the current page's origin (open a page of it first), path {@code /}. */
    public void setCookie(String name, String value) {
        setCookie(new Cookie(name, value, "/"));
    }

    public void setCookie(Cookie cookie) {
        driver.manage().addCookie(cookie);
    }

    public void deleteCookies() {
        driver.manage().deleteAllCookies();
    }

    /** What the page logged to its console (and its errors) since the last call, as "LEVEL message" lines. */
    public List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(Browser::line)
                .toList();
    }

    private static String line(LogEntry entry) {
        return entry.getLevel() + " " + entry.getMessage();
    }

    /**
     * A PNG of the viewport at {@code target/screenshots/<name>.png}, the name with anything but letters, digits,
     * '.', '-' and '_' replaced by '_'; returns its path.
     */
    public Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(fileName(name) + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        return safe.isEmpty() ? "_" : safe;
    }

    /** Quits Chromium and chromedriver and deletes the profile. */
    @Override
    public void close() {
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (NoSuchFileException gone) {
                    // Chromium's last writes can race the walk; a file gone is a file deleted.
                }
            }
        } catch (NoSuchFileException gone) {
            // already deleted
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
