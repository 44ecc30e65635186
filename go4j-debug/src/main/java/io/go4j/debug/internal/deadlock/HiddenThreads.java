package io.go4j.debug.internal.deadlock;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HiddenThreads finds the threads go4j cannot see: virtual threads that are neither goroutines
 * nor adopted (a plain {@code Thread.ofVirtual()} thread that never waited in go4j, an executor's
 * virtual thread), any of which might still wake a goroutine. Neither
 * {@link Thread#getAllStackTraces()} nor {@code ThreadMXBean} lists virtual threads; the JDK's
 * thread dump ({@link HotSpotDiagnosticMXBean#dumpThreads}, what {@code jcmd Thread.dump_to_file}
 * writes) lists every virtual thread the JDK tracks, which is all of them unless the JVM runs
 * with {@code -Djdk.trackAllThreads=false}. With that flag no answer is possible, and the
 * deadlock detector never fires.
 *
 * <p>The dump is costly (measured on JDK 25: about 0.45 s and 11 MB for 10,000 parked virtual
 * threads, every stack included), so the watcher asks only when everything else says
 * "deadlock", and backs off while the answer stays the same.
 */
final class HiddenThreads {
    /*
     * Implementation notes.
     *
     * The dump is JSON, pretty-printed one field per line by the JDK (jdk.internal.vm.ThreadDumper,
     * JDK 21 and later). We stream it line by line instead of building a tree: for 100,000
     * goroutines it is a hundred megabytes. A thread object's first field is "tid"; a JSON string
     * value cannot contain an unescaped quote, so a line that starts with "tid": " is a thread id
     * and never part of a name or a frame. Threads are told apart by elimination: an id the dump
     * lists that is neither a go4j record nor a live platform thread is a virtual thread go4j
     * never saw. The JDK's own virtual threads (JDK 22+'s I/O sub-pollers, run by a
     * ThreadPerTaskExecutor) are recognised by their frames (sun.nio.ch.Poller) and skipped.
     *
     * A dump we cannot read (no thread ids, or not even the dumping thread's) answers "cannot
     * tell", which like a hidden thread means "do not fire".
     */

    private static final Pattern TID = Pattern.compile("^\\s*\"tid\": \"?(\\d+)\"?,?\\s*$");
    private static final Pattern NAME = Pattern.compile("^\\s*\"name\": \"(.*)\",?\\s*$");
    private static final String JDK_POLLER_FRAME = "sun.nio.ch.Poller.";

    private HiddenThreads() {}

    /**
     * Returns whether the JDK tracks every virtual thread, so that the dump can list them.
     *
     * @return false with {@code -Djdk.trackAllThreads=false}
     */
    static boolean trackable() {
        return !"false".equals(System.getProperty("jdk.trackAllThreads"));
    }

    /**
     * Looks for a thread go4j cannot see.
     *
     * @param known the ids of every goroutine and adopted thread go4j sees
     * @return a description of the first hidden thread, or of why none can be ruled out, or null
     *         if there is none
     */
    static String find(Set<Long> known) {
        if (!trackable()) {
            return "virtual threads are not tracked (-Djdk.trackAllThreads=false)";
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("go4j-threads");
            Path file = dir.resolve("threads.json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Set<Long> platform = new HashSet<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                platform.add(t.threadId());
            }
            return scan(file, known, platform, Thread.currentThread().threadId());
        } catch (IOException | RuntimeException e) {
            return "cannot read the JVM's thread dump: " + e;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Reads a JSON thread dump; see {@link #find}. Package-private for tests. */
    static String scan(Path file, Set<Long> known, Set<Long> platform, long self) throws IOException {
        boolean sawSelf = false;
        int threads = 0;
        Candidate c = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                Matcher tid = TID.matcher(line);
                if (tid.matches()) {
                    if (c != null && c.hidden()) {
                        return c.describe();
                    }
                    long id = Long.parseLong(tid.group(1));
                    threads++;
                    sawSelf |= id == self;
                    c = known.contains(id) || platform.contains(id) ? null : new Candidate(id);
                } else if (c != null) {
                    Matcher name = NAME.matcher(line);
                    if (name.matches()) {
                        c.name = name.group(1);
                    } else if (line.contains(JDK_POLLER_FRAME)) {
                        c.jdkPoller = true;
                    }
                }
            }
        }
        if (c != null && c.hidden()) {
            return c.describe();
        }
        if (threads == 0 || !sawSelf) {
            return "cannot read the JVM's thread dump (" + threads + " threads, the dumping thread "
                    + (sawSelf ? "listed" : "missing") + ")";
        }
        return null;
    }

    /** A thread of the dump that go4j does not know, until its frames show it is the JDK's. */
    private static final class Candidate {
        final long id;
        String name = "";
        boolean jdkPoller;

        Candidate(long id) {
            this.id = id;
        }

        boolean hidden() {
            return !jdkPoller;
        }

        String describe() {
            return "virtual thread " + id + (name.isEmpty() ? "" : " \"" + name + "\"") + " is not seen by go4j";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        for (Path p : new Path[] {dir.resolve("threads.json"), dir}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                p.toFile().deleteOnExit();   // the verdict stands; the file goes when the JVM does
            }
        }
    }
}
