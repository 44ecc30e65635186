package io.go4j.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that selects go4j-sched but cannot run it fails at its first goroutine with a message that
 * says what to do; so does one that names a scheduler that does not exist. Each case runs in a
 * child JVM (the selection is fixed at launch).
 */
class SelectionErrorsTest {

    /** The child's program: start one goroutine and wait for it. */
    public static final class StartOne {
        public static void main(String[] args) throws InterruptedException {
            Go.go(() -> System.out.println("goroutine ran, scheduled by go4j-sched: "
                    + GoScheduler.isCurrentThreadScheduled())).join();
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StartOne.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutJavaLangOpenedTheErrorNamesTheFlagToAdd() throws Exception {
        Result r = run("-Dgo4j.scheduler=go");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("go4j-sched needs java.lang opened to it: add the JVM flag "
                + "--add-opens java.base/java.lang=ALL-UNNAMED"), r.output());
    }

    @Test
    void anUnknownSchedulerNameIsAnError() throws Exception {
        Result r = run("-Dgo4j.scheduler=gogo");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("go4j.scheduler=gogo: no such scheduler (\"jdk\" is the JDK's; "
                + "\"go\" needs go4j-sched on the class or module path)"), r.output());
    }

    @Test
    void withTheFlagGoroutinesRunOnIt() throws Exception {
        Result r = run("-Dgo4j.scheduler=go", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("goroutine ran, scheduled by go4j-sched: true"), r.output());
    }

    @Test
    void theJdksSchedulerIsTheDefault() throws Exception {
        Result r = run();
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("goroutine ran, scheduled by go4j-sched: false"), r.output());
    }

    @Test
    void aBadProcsSettingIsAnErrorThatNamesIt() throws Exception {
        Result r = run("-Dgo4j.scheduler=go", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgo4j.sched.procs=zero");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("go4j-sched: go4j.sched.procs must be a positive integer, not \"zero\""), r.output());
    }
}
