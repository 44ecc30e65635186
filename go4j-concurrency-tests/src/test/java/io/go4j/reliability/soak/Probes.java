package io.go4j.reliability.soak;

import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.internal.runtime.PendingTimers;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Probes reads the runtime state the soak and load tests check for leaks: live goroutines (Go's
 * {@code runtime.NumGoroutine} and goroutine dump, through the go4j registry) and the number of
 * timers pending in go4j's shared timer queue. Public for the load package.
 */
public final class Probes {

    private Probes() {}

    /**
     * Returns the number of timers that can still fire: go4j-core's seam for tools
     * ({@code internal.runtime.PendingTimers}, reachable from tests on the class path).
     */
    public static int pendingTimers() {
        return PendingTimers.count();
    }

    /** Returns the live goroutines whose name starts with {@code prefix}. */
    public static List<GoroutineInfo> goroutinesNamed(String prefix) {
        return Go.goroutines().stream().filter(g -> g.name().startsWith(prefix)).toList();
    }

    /**
     * A goroutine dump of every live goroutine (at most {@code max} lines), as Go prints one:
     * {@code goroutine 42 [chan receive, since ...]: name, created by ...}.
     */
    public static String dump(int max) {
        List<GoroutineInfo> all = Go.goroutines();
        StringBuilder sb = new StringBuilder("goroutine dump (" + all.size() + " live):\n");
        int n = 0;
        for (GoroutineInfo g : all) {
            if (n++ == max) {
                sb.append("  ... ").append(all.size() - max).append(" more\n");
                break;
            }
            sb.append("  goroutine ").append(g.id()).append(" [").append(g.status());
            if (g.waitingSince() != null) {
                sb.append(", since ").append(g.waitingSince());
            }
            sb.append("]: ").append(g.name().isEmpty() ? "(unnamed)" : g.name())
                    .append(", created by ").append(g.createdBy()).append(" in goroutine ")
                    .append(g.creatorId()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes a JDK thread dump (JSON, with every virtual thread's stack) to a file under
     * {@code target/} and returns a line saying where, followed by the platform threads' stacks
     * with the locks they hold (carrier threads included), for a run that hung.
     */
    public static String jdkThreadDump(String name) {
        StringBuilder sb = new StringBuilder();
        try {
            Path dir = Files.createDirectories(Path.of("target", "thread-dumps"));
            Path file = dir.resolve(name + "-" + System.currentTimeMillis() + ".json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            sb.append("JDK thread dump with virtual threads: ").append(file.toAbsolutePath()).append('\n');
        } catch (IOException | RuntimeException e) {
            sb.append("JDK thread dump failed: ").append(e).append('\n');
        }
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append(t);
        }
        return sb.toString();
    }

    /**
     * Describes the internal state of the channel behind {@code chanOrView} (a Chan or one of its
     * views): whether its lock is held, its buffer count, closed flag and whether its queues are
     * empty. Read reflectively and without the lock, for the report of a hung run only.
     */
    public static String chanState(Object chanOrView) {
        try {
            Object chan = chanOrView;
            if (!chan.getClass().getName().equals("io.go4j.Chan")) {
                chan = field(chan, "chan");
            }
            Object h = field(chan, "impl");
            if (h == null) {
                return "nil";
            }
            return "HChan#" + field(h, "id") + " lock=" + field(h, "lock") + " count=" + field(h, "count")
                    + " cap=" + field(h, "capacity") + " closed=" + field(h, "closed")
                    + " recvq=" + (field(h, "recvHead") == null ? "empty" : "waiting")
                    + " sendq=" + (field(h, "sendHead") == null ? "empty" : "waiting");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "state unavailable: " + e;
        }
    }

    /**
     * Describes go4j's timer queue lock ({@code ReentrantLock.toString()} names its owner), read
     * reflectively and without taking it, for the report of a hung run.
     */
    public static String timerQueueLock() {
        try {
            Class<?> q = Class.forName("io.go4j.time.TimerQueue");
            java.lang.reflect.Field f = q.getDeclaredField("INSTANCE");
            f.setAccessible(true);
            return "timer queue lock: " + field(f.get(null), "lock");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "timer queue lock unavailable: " + e;
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
