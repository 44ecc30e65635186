package io.go4j;

import io.go4j.internal.runtime.Panics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** A goroutine's uncaught exception is never lost: Go's panic format, or fatal with -Dgo4j.panic=exit. */
class PanicTest {

    /** Run in a child JVM: a goroutine panics, then main would print "survived" after a second. */
    public static void main(String[] args) throws Exception {
        Thread t = go(PanicTest::explode);
        t.join();
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

    private static TestSupport.Child runChild(String... jvmArgs) {
        return TestSupport.runJava(List.of(jvmArgs), PanicTest.class);
    }
}
