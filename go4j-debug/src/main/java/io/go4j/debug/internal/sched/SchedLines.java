package io.go4j.debug.internal.sched;

import io.go4j.Go;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.util.List;

/**
 * SchedLines prints what Go's {@code GODEBUG=schedtrace=N} prints every N ms (Go 1.19's
 * {@code runtime/proc.go}, {@code schedtrace}), from what go4j can know: the JDK's virtual-thread
 * scheduler (its {@code jdk.management.VirtualThreadSchedulerMXBean}, JDK 24+) and go4j's
 * goroutine registry.
 *
 * <pre>
 * SCHED 1004ms: gomaxprocs=2 idleprocs=1 threads=2 spinningthreads=0 idlethreads=1 runqueue=0 [0 0]
 * </pre>
 *
 * <p>What each field is here:
 * <ul>
 *   <li>{@code gomaxprocs}: {@link Go#maxProcs()} (the scheduler's parallelism);</li>
 *   <li>{@code idleprocs}: gomaxprocs minus the virtual threads mounted now (never below 0);</li>
 *   <li>{@code threads}: the scheduler's carrier threads (its pool size);</li>
 *   <li>{@code spinningthreads}: 0 (the JDK does not say);</li>
 *   <li>{@code idlethreads}: carriers minus the virtual threads mounted now;</li>
 *   <li>{@code runqueue}: the virtual threads queued to run (the JDK's estimate, all queues);</li>
 *   <li>{@code [..]}: one 0 per processor: the JDK does not expose its per-carrier queues, so
 *       every queued thread is counted in {@code runqueue}.</li>
 * </ul>
 * Without the bean (JDK 21-23, or no {@code jdk.management}), the scheduler's counts are printed
 * as -1, as Go prints an unknown M.
 *
 * <p>With {@code scheddetail}, Go's first line ends with its GC and stop-the-world fields instead
 * of the queues (all 0 here: the JVM's collector is not Go's), and one line per goroutine follows,
 * {@code   G12: status=4(chan receive) m=-1 lockedm=-1}: status 4 (Go's {@code _Gwaiting}) with
 * go4j's wait reason for a goroutine waiting in a go4j primitive, else 2 ({@code _Grunning}: running
 * or runnable, which the JDK does not tell apart) with an empty reason. Go's per-P and per-M lines
 * are left out: the JDK exposes neither.
 */
public final class SchedLines {
    private static final String BEAN = "jdk.management.VirtualThreadSchedulerMXBean";

    private SchedLines() {}

    /** The scheduler's counts, or -1 where unknown. */
    record Counts(int parallelism, int poolSize, int mounted, long queued) {}

    /**
     * Returns Go's schedtrace text for this moment: the SCHED line and, if {@code detail}, a line
     * per goroutine; each line ends with a newline.
     *
     * @param sinceStartMillis the time since the trace began, in milliseconds
     * @param detail           Go's {@code scheddetail=1}
     * @return the text
     */
    public static String text(long sinceStartMillis, boolean detail) {
        return text(sinceStartMillis, detail, counts(), Registry.snapshotWithAdopted());
    }

    static String text(long sinceStartMillis, boolean detail, Counts c, List<Goroutine> goroutines) {
        int procs = Go.maxProcs();
        StringBuilder sb = new StringBuilder("SCHED ").append(sinceStartMillis).append("ms: gomaxprocs=").append(procs)
                .append(" idleprocs=").append(c.mounted() < 0 ? -1 : Math.max(0, procs - c.mounted()))
                .append(" threads=").append(c.poolSize())
                .append(" spinningthreads=0")
                .append(" idlethreads=").append(c.mounted() < 0 || c.poolSize() < 0 ? -1 : Math.max(0, c.poolSize() - c.mounted()))
                .append(" runqueue=").append(c.queued());
        if (detail) {
            sb.append(" gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n");
            for (Goroutine g : goroutines) {
                WaitReason r = g.waitReason();
                sb.append("  G").append(g.id()).append(": status=").append(r != null ? 4 : 2)
                        .append('(').append(r != null ? r.goText() : "").append(") m=-1 lockedm=-1\n");
            }
        } else {
            for (int p = 0; p < procs; p++) {
                sb.append(p == 0 ? " [" : " ").append(0);
            }
            sb.append(procs > 0 ? "]\n" : "\n");
        }
        return sb.toString();
    }

    /** The JDK scheduler's counts from its MXBean, -1 where it cannot tell. */
    static Counts counts() {
        PlatformManagedObject bean = Bean.BEAN_OBJECT;
        if (bean == null) {
            return new Counts(-1, -1, -1, -1);
        }
        return new Counts(call(bean, "getParallelism"), call(bean, "getPoolSize"),
                call(bean, "getMountedVirtualThreadCount"), callLong(bean, "getQueuedVirtualThreadCount"));
    }

    private static int call(PlatformManagedObject bean, String method) {
        return (int) callLong(bean, method);
    }

    private static long callLong(PlatformManagedObject bean, String method) {
        try {
            Method m = Bean.TYPE.getMethod(method);
            return ((Number) m.invoke(bean)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /** The bean, looked up once (absent before JDK 24 or without jdk.management). */
    private static final class Bean {
        static final Class<? extends PlatformManagedObject> TYPE = type();
        static final PlatformManagedObject BEAN_OBJECT = TYPE == null ? null : bean();

        @SuppressWarnings("unchecked")
        private static Class<? extends PlatformManagedObject> type() {
            try {
                return (Class<? extends PlatformManagedObject>) Class.forName(BEAN);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }

        private static PlatformManagedObject bean() {
            try {
                return ManagementFactory.getPlatformMXBean(TYPE);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
