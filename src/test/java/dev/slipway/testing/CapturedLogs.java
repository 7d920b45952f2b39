package dev.slipway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.slipway.domain.TokenShapes;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every line logged while a test runs, formatted as an operator would read it: through the layout of the
 * production {@code logback.xml} (its pattern and its masking converters), not the test configuration's. Slipway's
 * own loggers, and any others named, log at DEBUG meanwhile, so that their quietest lines are checked too.
 *
 * <pre>{@code @RegisterExtension final CapturedLogs logs = new CapturedLogs("com.slack.api");}</pre>
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    private static final String PRODUCTION_CONFIG = "logback.xml";
    private static final String PRODUCTION_APPENDER = "STDERR";
    private static Layout<ILoggingEvent> operatorLayout;

    private final List<String> lines = new ArrayList<>();
    private final Appender<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String formatted = format(event);
            synchronized (lines) {
                lines.addAll(formatted.lines().toList());
            }
        }
    };
    private final List<String> debugLoggers;
    private final List<Level> levelsBefore = new ArrayList<>();

    /** Captures at the levels configured, with {@code dev.slipway} and {@code debugLoggers} at DEBUG. */
    public CapturedLogs(String... debugLoggers) {
        List<String> names = new ArrayList<>(List.of("dev.slipway"));
        names.addAll(List.of(debugLoggers));
        this.debugLoggers = List.copyOf(names);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    public void start() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(logging);
        appender.setName("captured-" + System.identityHashCode(this));
        appender.start();
        levelsBefore.clear();
        for (String name : debugLoggers) {
            Logger logger = logging.getLogger(name);
            levelsBefore.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    public void stop() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        for (int i = 0; i < debugLoggers.size(); i++) {
            logging.getLogger(debugLoggers.get(i)).setLevel(levelsBefore.get(i));
        }
        appender.stop();
    }

    /** The lines captured so far: one per line of text, an exception's lines included. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The captured lines that show one of {@code secrets}, or anything shaped like a token that is not masked. */
    public List<String> leaking(Collection<String> secrets) {
        return lines().stream().filter(line -> secrets.stream().anyMatch(line::contains)
                || !TokenShapes.mask(line).equals(line)).toList();
    }

    /** {@code event} as the production configuration writes it. */
    public static synchronized String format(ILoggingEvent event) {
        if (operatorLayout == null) {
            operatorLayout = productionLayout();
        }
        return operatorLayout.doLayout(event);
    }

    /**
     * The layout of the production appender, configured in a context of its own so that the tests' logging stays as
     * it is; that context is never stopped, since a stopped layout writes nothing.
     */
    @SuppressWarnings("unchecked")
    private static Layout<ILoggingEvent> productionLayout() {
        URL config = CapturedLogs.class.getClassLoader().getResource(PRODUCTION_CONFIG);
        if (config == null) {
            throw new IllegalStateException(PRODUCTION_CONFIG + " is not on the class path");
        }
        LoggerContext production = new LoggerContext();
        production.setName("production-layout");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(production);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read " + config, e);
        }
        if (new StatusUtil(production).getHighestLevel(0) >= Status.WARN) {
            throw new IllegalStateException(config + " has problems: " + production.getStatusManager().getCopyOfStatusList());
        }
        Appender<ILoggingEvent> stderr =
                production.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(PRODUCTION_APPENDER);
        if (!(stderr instanceof OutputStreamAppender<ILoggingEvent> output)
                || !(output.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder)) {
            throw new IllegalStateException(PRODUCTION_CONFIG + " has no appender " + PRODUCTION_APPENDER
                    + " with a layout");
        }
        return encoder.getLayout();
    }
}
