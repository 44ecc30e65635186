package io.go4j.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.go4j.Go;
import io.go4j.logging.GoroutineMdc;
import io.go4j.sync.WaitGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * LoggingExample shows go4j-logging with SLF4J and Logback: a Logback pattern prints each line's
 * goroutine id, the id of the goroutine that started it, and the {@code request} label, and both
 * follow the work into the goroutines a request starts.
 *
 * <p>Two requests are accepted, each with its label ({@code Go.withLabels}); each request's
 * goroutine logs, starts {@link #PARTS} workers that log, waits for them and logs again. Every
 * line shows its own goroutine and its request's label, with no MDC call in the code:
 *
 * <pre>
 * goroutine=41 creator=1 request=r-1 accepted r-1
 * goroutine=44 creator=41 request=r-1 part 0 of r-1
 * goroutine=45 creator=41 request=r-1 part 1 of r-1
 * goroutine=41 creator=1 request=r-1 done r-1
 * ...
 * </pre>
 *
 * <p>The appender is attached here, in code, so that the example can print where it is told; in
 * an application the same pattern goes in {@code logback.xml} ({@link #PATTERN}).
 */
public final class LoggingExample {
    /** The Logback pattern: the goroutine, its creator, the request label, the message. */
    public static final String PATTERN = "goroutine=%X{goroutine} creator=%X{goroutine.creator} request=%X{request} %msg%n";
    /** The requests the example accepts. */
    public static final List<String> REQUESTS = List.of("r-1", "r-2");
    /** How many worker goroutines each request starts. */
    public static final int PARTS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(LoggingExample.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private LoggingExample() {}

    /**
     * Serves {@link #REQUESTS}, logging through Logback with {@link #PATTERN} to {@code out}
     * (this example's logger only), and returns when every goroutine it started has exited.
     *
     * @param out where the lines go; not closed
     * @return whether every goroutine it started exited within 30 s
     * @throws InterruptedException if interrupted while waiting for them
     */
    public static boolean run(OutputStream out) throws InterruptedException {
        boolean mdcWasInstalled = GoroutineMdc.isInstalled();
        GoroutineMdc.install();   // once, at start-up, in an application
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        OutputStreamAppender<ILoggingEvent> appender = appender(logback, out);
        ch.qos.logback.classic.Logger logger = logback.getLogger(LoggingExample.class);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            Goroutines requests = new Goroutines();
            for (String request : REQUESTS) {
                // The acceptor labels the request; its goroutine and their workers inherit the label.
                Go.withLabels(Map.of("request", request), () -> requests.go(() -> serve(request)));
            }
            return requests.awaitExit(WAIT);
        } finally {
            logger.detachAppender(appender);
            appender.stop();
            if (!mdcWasInstalled) {
                GoroutineMdc.uninstall();
            }
        }
    }

    /** One request's goroutine: logs, fans out to its workers, waits, logs. */
    private static void serve(String request) {
        LOG.info("accepted {}", request);
        WaitGroup parts = new WaitGroup();
        for (int i = 0; i < PARTS; i++) {
            int part = i;
            parts.go(() -> LOG.info("part {} of {}", part, request));   // Go 1.25's wg.Go
        }
        parts.await();
        LOG.info("done {}", request);
    }

    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext logback, OutputStream out) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logback);
        encoder.setPattern(PATTERN);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(logback);
        appender.setName("go4j-logging-example");
        appender.setEncoder(encoder);
        appender.setOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();   // the appender closes its stream when it stops; the caller's stays open
            }
        });
        appender.start();
        return appender;
    }

    /**
     * Runs the example on standard output.
     *
     * @param args none
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        if (!run(System.out)) {
            System.exit(1);
        }
    }
}
