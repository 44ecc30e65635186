package io.go4j.trace;

import io.go4j.Chan;
import io.go4j.Empty;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.time.Time;
import io.go4j.trace.testing.Chromium;
import io.go4j.trace.testing.WebUi;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * TimelineScreenshot makes the README's picture of {@code go tool trace}'s timeline
 * ({@code go4j-trace/docs/go-tool-trace-timeline.png}): it records {@link TracedProgram}, run by
 * a goroutine of {@link #take} ({@code lambda$take$0} in the picture) while the caller waits for
 * it in a select, with GOMAXPROCS 2, serves the trace with {@code go tool trace -http} and takes a
 * 1400x760 screenshot of its "View trace" page in headless
 * Chromium, once the page has imported the trace. {@code TimelineScreenshotTest} runs it (so the procedure keeps working), and writes
 * the README's file when asked:
 *
 * <pre>
 * ./mvnw -B -o -pl go4j-trace -am test -Dtest=TimelineScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dgo4j.trace.screenshot=$PWD/go4j-trace/docs/go-tool-trace-timeline.png
 * </pre>
 */
final class TimelineScreenshot {
    /** The picture's size, in pixels. */
    static final int WIDTH = 1400;
    static final int HEIGHT = 760;

    private TimelineScreenshot() {}

    /** Records {@link TracedProgram} in {@code dir} and saves the timeline to {@code png}. */
    static void take(Path dir, Path png) throws Exception {
        int procs = Go.maxProcs();
        Go.setMaxProcs(2);   // the picture's two processor lanes, whatever the machine
        Path file = dir.resolve("program.trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            TracedProgram.run();   // once untraced: the picture shows the program, not its classes loading
            Trace.start(out);
            try {
                // The caller waits in a go4j select, so that its lane shows it waiting, not running.
                Chan<Empty> done = Chan.make();
                Go.go(() -> {
                    try {
                        TracedProgram.run();
                    } finally {
                        done.close();
                    }
                });
                if (Select.select(Select.recv(done, v -> true), Select.recv(Time.after(Duration.ofSeconds(60)), t -> false))) {
                    // the program ended
                } else {
                    throw new AssertionError("the program did not end in 60 s");
                }
            } finally {
                Trace.stop();
            }
        } finally {
            Go.setMaxProcs(procs);
        }
        try (WebUi ui = WebUi.open(dir, file)) {
            // Ready once the viewer holds the imported model (the page's own script sets it).
            // Then the banner of the WebComponents polyfill (Chromium dropped HTML imports) is hidden.
            Chromium.screenshotWhen(dir, ui.url() + "/trace", "document.getElementById('trace-viewer') "
                    + "&& document.getElementById('trace-viewer').model",
                    "Array.from(document.querySelectorAll('button')).filter(b => b.textContent.trim() === 'Hide')"
                            + ".forEach(b => b.click())", png, WIDTH, HEIGHT);
        }
    }
}
