package io.go4j.trace.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chromium loads a page in headless Chromium (the {@code chromium} on the PATH) and returns its
 * DOM once its scripts have run: the proof that {@code go tool trace}'s web UI renders a go4j
 * trace in a real browser. Every run is bounded; a machine without Chromium fails the test
 * saying what to install.
 */
public final class Chromium {
    /** Bound on one page load. */
    public static final Duration BOUND = Duration.ofSeconds(60);

    private Chromium() {}

    /**
     * Loads {@code url} and returns the serialised DOM after its scripts ran (at most 5 s of
     * virtual time).
     *
     * @param dir scratch space (the browser's profile and output)
     * @param url the page
     * @return the DOM, as HTML
     */
    public static String dumpDom(Path dir, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium");
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not load " + url + " in " + BOUND + ":\n" + Files.readString(err, UTF_8));
        }
        assertEquals(0, p.exitValue(), "chromium --dump-dom " + url + ":\n" + Files.readString(err, UTF_8));
        return Files.readString(out, UTF_8);
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("chromium is not on the PATH: this test loads go tool trace's web UI in a real browser. "
                + "Install it (Debian: apt-get install chromium).");
    }
}
