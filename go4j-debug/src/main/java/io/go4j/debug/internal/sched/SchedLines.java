package io.go4j.debug.internal.sched;

import io.go4j.Go;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.SchedState;
import io.go4j.internal.runtime.SchedulerProvider;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.debug.internal.Snapshot;
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
 * go4j's wait reason for a goroutine waiting in a go4j primitive; 4 with {@code sleep} or
 * {@code IO wait} for one in {@code Thread.sleep} or the JDK's I/O (read off its stack, as the
 * goroutine dump reads it), as Go prints a goroutine in {@code time.Sleep} or the netpoller; 4 with
 * no reason for one parked otherwise outside go4j (a monitor, a JDK lock); else 2
 * ({@code _Grunning}: running or runnable, which the JDK does not tell apart). Go's per-P and per-M
 * lines are left out: the JDK exposes neither.
 *
 * <p>Go prints no count of goroutines by state or wait reason, on the SCHED line or after it: the
 * state and reason are on each goroutine's detail line, as here, and go4j adds no summary (a tool
 * that reads Go's line would not expect it). Counts by state and reason are the grouped goroutine
 * dump's and {@code goroutines.html}'s.
 *
 * <p><b>On go4j-sched</b> ({@code -Dgo4j.scheduler=go}) the fields are read from go4j-sched's own
 * state, through go4j-core's {@link SchedulerProvider#state()} seam (go4j-debug does not depend on
 * go4j-sched): {@code idleprocs} and {@code idlethreads} its idle list, {@code threads} its
 * carriers and sysmon, {@code spinningthreads} its spinning carriers, {@code runqueue} its global
 * queue, and {@code [..]} each carrier's local queue (without {@code runnext}, as Go's). With
 * detail, Go's per-P lines ({@code status}, {@code schedtick}, {@code runqsize}) and per-M lines
 * ({@code spinning}, {@code blocked}: parked idle) follow, carrier i being P i and M i; spare
 * carriers appear as extra Ps. {@code curg} is -1: the carrier does not know which goroutine its
 * continuation belongs to.
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
        SchedulerProvider provider = Scheduling.provider();
        SchedState own = provider == null ? null : provider.state();
        if (own != null) {
            return text(sinceStartMillis, detail, own, Registry.snapshotWithAdopted());
        }
        return text(sinceStartMillis, detail, counts(), Registry.snapshotWithAdopted());
    }

    /**
     * Go's lines from a scheduler that keeps its own processors and queues (go4j-sched): the
     * fields are Go's own, per-P run queues included; with detail, Go's per-P and per-M lines.
     */
    static String text(long sinceStartMillis, boolean detail, SchedState s, List<Goroutine> goroutines) {
        StringBuilder sb = new StringBuilder("SCHED ").append(sinceStartMillis).append("ms: gomaxprocs=")
                .append(Go.maxProcs())
                .append(" idleprocs=").append(s.idleProcs())
                .append(" threads=").append(s.threads())
                .append(" spinningthreads=").append(s.spinning())
                .append(" idlethreads=").append(s.idleThreads())
                .append(" runqueue=").append(s.globalQueue());
        List<SchedState.Proc> ps = s.procs();
        if (!detail) {
            for (int i = 0; i < ps.size(); i++) {
                sb.append(i == 0 ? " [" : " ").append(ps.get(i).runqsize());
            }
            return sb.append(ps.isEmpty() ? "\n" : "]\n").toString();
        }
        sb.append(" gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n");
        for (int i = 0; i < ps.size(); i++) {   // a carrier is P i with M i
            SchedState.Proc p = ps.get(i);
            sb.append("  P").append(i).append(": status=").append(p.status()).append(" schedtick=").append(p.schedtick())
                    .append(" syscalltick=0 m=").append(i).append(" runqsize=").append(p.runqsize())
                    .append(" gfreecnt=0 timerslen=0\n");
        }
        for (int i = 0; i < ps.size(); i++) {
            SchedState.Proc p = ps.get(i);
            sb.append("  M").append(i).append(": p=").append(i)
                    .append(" curg=-1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=").append(p.spinning())
                    .append(" blocked=").append(p.blocked()).append(" lockedg=-1\n");
        }
        goroutineLines(sb, goroutines);
        return sb.toString();
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
            goroutineLines(sb, goroutines);
        } else {
            for (int p = 0; p < procs; p++) {
                sb.append(p == 0 ? " [" : " ").append(0);
            }
            sb.append(procs > 0 ? "]\n" : "\n");
        }
        return sb.toString();
    }

    /**
     * Go's line per goroutine, its status read as the goroutine dump reads it
     * ({@link Snapshot.Entry#status()}, the one reading): waiting in go4j (4, with go4j's reason);
     * outside go4j, in {@code Thread.sleep} (4, {@code sleep}) or the JDK's I/O (4,
     * {@code IO wait}), else parked (4, no reason, as Go prints a zero reason); running or
     * runnable (2); not started (1). A stack is taken only for a goroutine not waiting in go4j.
     */
    private static void goroutineLines(StringBuilder sb, List<Goroutine> goroutines) {
        for (Goroutine g : goroutines) {
            Snapshot.Entry e = Snapshot.entryOf(g, t -> g.waitReason() == null ? t.getStackTrace() : NO_STACK);
            if (e != null) {
                sb.append(goroutineLine(e));
            }
        }
    }

    private static final StackTraceElement[] NO_STACK = {};

    /** One goroutine's line ({@link #goroutineLines}). */
    static String goroutineLine(Snapshot.Entry e) {
        String status = e.status();
        int code;
        String reason;
        if (e.waitReason() != null || status.equals("sleep") || status.equals("IO wait")) {
            code = 4;   // Go's _Gwaiting
            reason = status;
        } else {
            code = switch (status) {
                case "waiting" -> 4;     // parked outside go4j, for no reason it can tell
                case "runnable" -> 1;    // _Grunnable: not started yet
                default -> 2;            // _Grunning: running or runnable, which the JDK does not tell apart
            };
            reason = "";
        }
        return "  G" + e.id() + ": status=" + code + "(" + reason + ") m=-1 lockedm=-1\n";
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
