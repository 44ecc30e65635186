package io.go4j.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.context.Context;
import io.go4j.debug.JfrEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program's tasks, regions and logs go into a JFR recording as go4j's events, which the
 * JDK's {@code jfr print} reads: with their task ids, types, messages and the caller's stack.
 */
class JfrAnnotationsTest {
    @TempDir
    Path dir;

    @Test
    void tasksRegionsAndLogsAreInTheJfrRecordingAsJfrPrintShowsThem() throws Exception {
        Path file = dir.resolve("annotations.jfr");
        long taskId;
        try (Recording rec = new Recording()) {
            rec.enable(JfrEvents.USER_TASK).withStackTrace();
            rec.enable(JfrEvents.USER_REGION).withStackTrace();
            rec.enable(JfrEvents.USER_LOG).withStackTrace();
            rec.start();
            Trace.Task task = Trace.newTask(Context.background(), "checkout");
            taskId = task.id;
            Trace.withRegion(task.context(), "chargeCard", () -> Trace.log(task.context(), "orderID", "o-17"));
            task.end();
            task.end();   // a second end records nothing more, as Go's
            rec.stop();
            rec.dump(file);
        }
        String out = jfrPrint(file, JfrEvents.USER_TASK + "," + JfrEvents.USER_REGION + "," + JfrEvents.USER_LOG);
        assertEquals(1, count(out, JfrEvents.USER_TASK + " {"), out);
        assertTrue(out.contains("taskId = " + taskId), out);
        assertTrue(out.contains("taskType = \"checkout\""), out);
        assertTrue(out.contains("regionType = \"chargeCard\""), out);
        assertTrue(out.contains("category = \"orderID\""), out);
        assertTrue(out.contains("message = \"o-17\""), out);
        assertTrue(out.contains("JfrAnnotationsTest.lambda$tasksRegionsAndLogsAreInTheJfrRecordingAsJfrPrintShowsThem"),
                "the log's stack is its caller's: " + out);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String jfrPrint(Path file, String events) throws Exception {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Path out = dir.resolve("jfr.out");
        Process p = new ProcessBuilder(List.of(jfr.toString(), "print", "--events", events, "--stack-depth", "64",
                file.toString())).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("jfr print did not end in 60 s");
        }
        String text = Files.readString(out, UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
