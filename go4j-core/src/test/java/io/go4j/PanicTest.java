package io.go4j;

import io.go4j.internal.runtime.Panics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** A goroutine's uncaught exception is never lost: Go's panic format, or fatal with -Dgo4j.panic=exit. */
class PanicTest {

    /**
     * Run in a child JVM: something panics in a goroutine, then main prints "survived". Without
     * arguments a plain goroutine throws; with "errgroup" an errgroup task throws an Error after
     * another task failed with an exception, and main catches what await throws; with
     * "singleflight" the function of a runChan call throws an Error and main receives the result.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("errgroup")) {
            var gc = io.go4j.errgroup.Group.withContext(io.go4j.context.Context.background());
            gc.group().go(() -> {
                throw new IOException("task failed");
            });
            gc.group().go(() -> {
                gc.context().done().recv();
                throw new AssertionError("errgroup panic");
            });
            try {
                gc.group().await();
            } catch (AssertionError e) {
                System.out.println("await threw " + e.getMessage());
            }
        } else if (args.length > 0 && args[0].equals("singleflight")) {
            var g = new io.go4j.singleflight.Group<String, Integer>();
            var r = g.runChan("k", () -> {
                throw new AssertionError("singleflight panic");
            }).recv();
            System.out.println("received " + r.error().getCause().getMessage());
        } else {
            Thread t = go(PanicTest::explode);
            t.join();
        }
        System.out.println("survived");
    }

    private static void explode() {
        throw new IllegalStateException("boom");
    }

    @Test
    @DisplayName("an uncaught exception in a goroutine reaches the application's default handler")
    void uncaughtExceptionReachesDefaultHandler() throws Exception {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicReference<Thread> where = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> {
            where.set(th);
            caught.set(e);
        });
        try {
            Thread t = go(PanicTest::explode);
            assertTrue(t.join(Duration.ofSeconds(10)));
            assertEquals("boom", caught.get().getMessage());
            assertSame(t, where.get());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    @DisplayName("the panic report has Go's shape: panic line, goroutine header, frames, created by")
    void panicFormatIsGos() throws Exception {
        AtomicReference<String> report = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        // Format while the goroutine is still registered (the handler runs before deregistration).
        Thread.setDefaultUncaughtExceptionHandler((th, e) -> report.set(Panics.format(th, e)));
        try {
            Thread t = go(PanicTest::explode);
            assertTrue(t.join(Duration.ofSeconds(10)));
            String[] lines = report.get().split("\n");
            assertEquals("panic: java.lang.IllegalStateException: boom", lines[0]);
            assertEquals("", lines[1]);
            assertEquals("goroutine " + t.threadId() + " [running]:", lines[2]);
            assertEquals("io.go4j.PanicTest.explode(...)", lines[3]);
            assertTrue(lines[4].startsWith("\tPanicTest.java:"), lines[4]);
            assertEquals(7, lines.length, "one frame, the task's, between header and creator: " + report.get());
            String created = "created by io.go4j.PanicTest.panicFormatIsGos in goroutine " + Thread.currentThread().threadId();
            assertEquals(created, lines[lines.length - 2]);
            assertTrue(lines[lines.length - 1].startsWith("\tPanicTest.java:"));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    @DisplayName("the panic report prints suppressed exceptions one tab deeper, each with its causes, before the cause")
    void panicReportPrintsSuppressed() {
        IllegalStateException panic = at(new IllegalStateException("boom"), "Main", "run");
        IOException closeFailed = at(new IOException("close failed"), "Res", "close");
        closeFailed.initCause(at(new RuntimeException("disk gone"), "Disk", "write"));
        closeFailed.addSuppressed(at(new IOException("flush failed"), "Res", "flush"));
        panic.addSuppressed(closeFailed);
        panic.initCause(at(new IllegalArgumentException("bad input"), "Main", "parse"));
        panic.getCause().addSuppressed(at(new IOException("log failed"), "Log", "write"));

        List<String> lines = Panics.format(Thread.currentThread(), panic).lines().toList();
        assertEquals(List.of(
                "panic: java.lang.IllegalStateException: boom",
                "",
                "goroutine " + Thread.currentThread().threadId() + " [running]:",
                "Main.run(...)",
                "\tMain.java:1",
                "\tsuppressed: java.io.IOException: close failed",
                "\tRes.close(...)",
                "\t\tRes.java:1",
                "\t\tsuppressed: java.io.IOException: flush failed",
                "\t\tRes.flush(...)",
                "\t\t\tRes.java:1",
                "\tcaused by: java.lang.RuntimeException: disk gone",
                "\tDisk.write(...)",
                "\t\tDisk.java:1",
                "caused by: java.lang.IllegalArgumentException: bad input",
                "Main.parse(...)",
                "\tMain.java:1",
                "\tsuppressed: java.io.IOException: log failed",
                "\tLog.write(...)",
                "\t\tLog.java:1"), lines);
    }

    @Test
    @DisplayName("the panic report prints an exception seen before as a circular reference, so cycles end")
    void panicReportEndsCycles() {
        RuntimeException panic = at(new RuntimeException("panic"), "Main", "run");
        RuntimeException a = at(new RuntimeException("a"), "A", "a");
        RuntimeException b = at(new RuntimeException("b"), "B", "b");
        panic.initCause(a);
        a.initCause(b);
        b.initCause(a);             // a cause cycle that does not pass through the panic
        b.addSuppressed(panic);     // and a suppressed exception that points back to it

        String report = assertTimeoutPreemptively(TestSupport.LONG,
                () -> Panics.format(Thread.currentThread(), panic));
        List<String> lines = report.lines().toList();
        assertEquals(List.of(
                "caused by: java.lang.RuntimeException: a",
                "A.a(...)",
                "\tA.java:1",
                "caused by: java.lang.RuntimeException: b",
                "B.b(...)",
                "\tB.java:1",
                "\tsuppressed: [CIRCULAR REFERENCE: java.lang.RuntimeException: panic]",
                "caused by: [CIRCULAR REFERENCE: java.lang.RuntimeException: a]"),
                lines.subList(5, lines.size()));
    }

    /** Gives {@code t} the one-frame stack trace {@code cls.method(cls.java:1)}. */
    private static <T extends Throwable> T at(T t, String cls, String method) {
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement(cls, method, cls + ".java", 1)});
        return t;
    }

    @Test
    @DisplayName("by default a panic is printed to stderr and the program goes on")
    void panicPrintedAndProgramContinues() throws Exception {
        TestSupport.Child r = runChild();
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.IllegalStateException: boom\n\ngoroutine "), r.stderr());
        assertTrue(r.stderr().contains("created by io.go4j.PanicTest.main in goroutine "), r.stderr());
        assertTrue(r.stdout().contains("survived"));
    }

    @Test
    @DisplayName("with -Dgo4j.panic=exit a panic ends the process with exit status 2, as in Go")
    void panicExitStatusTwo() throws Exception {
        TestSupport.Child r = runChild("-Dgo4j.panic=exit");
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.IllegalStateException: boom"), r.stderr());
        assertFalse(r.stdout().contains("survived"));
    }

    @Test
    @DisplayName("an Error thrown by an errgroup task is printed as a panic even after another task's exception")
    void errgroupErrorPrinted() {
        TestSupport.Child r = runChild(List.of(), "errgroup");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.AssertionError: errgroup panic\n\ngoroutine "), r.stderr());
        assertTrue(r.stdout().contains("await threw errgroup panic"), r.stdout());
        assertTrue(r.stdout().contains("survived"), r.stdout());
    }

    @Test
    @DisplayName("with -Dgo4j.panic=exit an Error thrown by an errgroup task ends the process with status 2")
    void errgroupErrorExitStatusTwo() {
        TestSupport.Child r = runChild(List.of("-Dgo4j.panic=exit"), "errgroup");
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.AssertionError: errgroup panic"), r.stderr());
        assertFalse(r.stdout().contains("await threw"), "the process ended before await returned: " + r.stdout());
    }

    @Test
    @DisplayName("an Error thrown by a runChan function is printed as a panic and its result still delivered")
    void singleflightErrorPrinted() {
        TestSupport.Child r = runChild(List.of(), "singleflight");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.AssertionError: singleflight panic\n\ngoroutine "), r.stderr());
        assertTrue(r.stdout().contains("received singleflight panic"), r.stdout());
    }

    @Test
    @DisplayName("with -Dgo4j.panic=exit an Error thrown by a runChan function ends the process with status 2")
    void singleflightErrorExitStatusTwo() {
        TestSupport.Child r = runChild(List.of("-Dgo4j.panic=exit"), "singleflight");
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().startsWith("panic: java.lang.AssertionError: singleflight panic"), r.stderr());
        assertFalse(r.stdout().contains("received"), r.stdout());
    }

    private static TestSupport.Child runChild(List<String> jvmArgs, String... args) {
        return TestSupport.runJava(jvmArgs, PanicTest.class, args);
    }

    private static TestSupport.Child runChild(String... jvmArgs) {
        return TestSupport.runJava(List.of(jvmArgs), PanicTest.class);
    }
}
