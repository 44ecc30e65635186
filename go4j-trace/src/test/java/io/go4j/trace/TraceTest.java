package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.internal.runtime.Hooks;
import io.go4j.trace.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace's contract: Go's runtime/trace API, one trace at a time, nothing installed while off. */
class TraceTest {
    @TempDir
    Path dir;

    @AfterEach
    void stopped() {
        Trace.stop();
    }

    @Test
    @DisplayName("starting a second trace fails with Go's message and leaves the first one recording")
    void oneTraceAtATime() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        Trace.start(first);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trace.start(new ByteArrayOutputStream()));
        assertEquals("tracing is already enabled", e.getMessage());
        assertTrue(Trace.isEnabled());
        Trace.stop();
        assertFalse(Trace.isEnabled());
        assertTrue(first.size() > 16, "the first trace was written");
    }

    @Test
    @DisplayName("stop without a trace does nothing, and a trace can start again after a stop")
    void stopWithoutStart() {
        Trace.stop();
        Trace.start(new ByteArrayOutputStream());
        Trace.stop();
        Trace.start(new ByteArrayOutputStream());
        assertTrue(Trace.isEnabled());
    }

    @Test
    @DisplayName("when tracing is off, go4j-core's switchboard has no goroutine listener: the primitives pay nothing")
    void nothingInstalledWhenOff() {
        Trace.start(new ByteArrayOutputStream());
        Trace.stop();
        Hooks.GoroutineListener installed = Hooks.setGoroutineListener(null);
        if (installed != null) {
            Hooks.setGoroutineListener(installed);   // leave the JVM as it was before failing
        }
        assertNull(installed, "a listener is still installed: " + installed);
    }

    @Test
    @DisplayName("a stream that fails is reported by stop, and tracing is off afterwards")
    void failingStream() {
        Trace.start(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, Trace::stop);
        assertEquals("disk full", e.getCause().getMessage());
        assertFalse(Trace.isEnabled());
    }

    @Test
    @DisplayName("bad arguments are refused with a clear message")
    void badArguments() {
        assertThrows(NullPointerException.class, () -> Trace.start(null));
        assertThrows(NullPointerException.class, () -> Trace.newTask(null, "t"));
        assertThrows(NullPointerException.class, () -> Trace.log(Context.background(), "c", null));
        assertFalse(Trace.isEnabled());
    }

    @Test
    @DisplayName("tasks, regions and logs work with tracing off, and carry their task through contexts")
    void annotationsWhileOff() {
        Trace.Task task = Trace.newTask(Context.background(), "request");
        assertNotNull(task.context());
        Trace.Task sub = Trace.newTask(task.context(), "step");
        int[] ran = {0};
        Trace.withRegion(sub.context(), "work", () -> ran[0]++);
        Trace.log(sub.context(), "k", "v");
        sub.end();
        task.end();
        assertEquals(1, ran[0]);
    }

    @Test
    @DisplayName("a task, its sub-task, a region and a log appear in the trace with their ids and parent")
    void annotationsInTheTrace() throws Exception {
        Path file = dir.resolve("a.trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            Trace.Task task = Trace.newTask(Context.background(), "request");
            Trace.Task sub = Trace.newTask(task.context(), "step");
            Chan<Integer> done = Chan.make();
            Thread worker = Go.go(() -> Trace.withRegion(sub.context(), "work", () -> {
                Trace.log(sub.context(), "answer", "42");
                done.send(1);
            }));
            done.recv();
            worker.join();   // its region ends after the send: wait for it before stopping
            sub.end();
            task.end();
            Trace.stop();
        }
        List<String> lines = GoTool.parsedEvents(dir, file);
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" UserTaskCreate ") && l.contains("pid=0") && l.contains("name=request")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" UserTaskCreate ") && !l.contains("pid=0 ") && l.contains("name=step")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" UserRegion ") && l.contains("mode=0") && l.contains("name=work")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" UserRegion ") && l.contains("mode=1") && l.contains("name=work")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" UserLog ") && l.contains("category=answer message=42")), all);
        assertEquals(2, lines.stream().filter(l -> l.contains(" UserTaskEnd ")).count(), all);
    }
}
