package dev.slipway.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * With {@code @ExtendWith(BrowserScreenshots.class)}, a failed test leaves a screenshot of every {@link Browser}
 * still open at {@code target/screenshots/<TestClass>.<method>-failed.png} (a number after "failed" from the
 * second browser on). JUnit reports a failure to watchers after {@code @AfterEach} and before {@code @AfterAll},
 * so a browser started once per class is still open.
 */
public final class BrowserScreenshots implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                + "-failed";
        int n = 0;
        for (Browser browser : Browser.OPEN) {
            try {
                browser.screenshot(n == 0 ? name : name + n);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
            n++;
        }
    }
}
