package io.go4j;

import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Go is Go's {@code go} statement and the runtime's goroutine functions: goroutines are JDK
 * virtual threads, scheduled by the JDK's work-stealing scheduler (Go's M:N scheduler), with the
 * identity, wait reasons and creation sites Go's tools show.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<String> done = Chan.make();
 * go(() -> done.send("virtual thread: " + Thread.currentThread().isVirtual()));
 * System.out.println(done.recv());   // virtual thread: true
 * }</pre>
 *
 * <p>A goroutine's uncaught exception is never lost: it is reported in Go's panic format
 * ({@code panic: ...}, {@code goroutine N [running]:}, the stack, {@code created by F in
 * goroutine M}) on standard error, or passed to the application's default uncaught-exception
 * handler if one is installed. With {@code -Dgo4j.panic=exit} it then ends the process with
 * status 2, as an unrecovered panic does in Go.
 *
 * <p>Memory model: the call to {@code go} happens-before the goroutine's task begins.
 */
public final class Go {
    /*
     * Implementation notes: the registry (internal.runtime.Registry) starts the thread and keeps
     * the live set; this class is the public face and the GOMAXPROCS plumbing. The JDK 24+
     * VirtualThreadSchedulerMXBean is reached by reflection because the build targets Java 21.
     */

    private static final String SCHEDULER_BEAN = "jdk.management.VirtualThreadSchedulerMXBean";

    private Go() {}

    /**
     * Starts {@code task} in a new goroutine and returns the goroutine's thread.
     *
     * @param task what the goroutine runs
     * @return the goroutine's (virtual) thread, already started
     */
    public static Thread go(Runnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"));
    }

    /**
     * Starts {@code task} in a new goroutine whose thread is named {@code name}.
     *
     * @param name the thread's name
     * @param task what the goroutine runs
     * @return the goroutine's (virtual) thread, already started
     */
    public static Thread go(String name, Runnable task) {
        return Registry.start(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task"));
    }

    /** {@return the current goroutine's id: its thread's {@link Thread#threadId()}} */
    public static long goid() {
        return Thread.currentThread().threadId();
    }

    /** {@return the number of live goroutines started by {@link #go} (Go's {@code runtime.NumGoroutine})} */
    public static int numGoroutine() {
        return Registry.count();
    }

    /** {@return a snapshot of every live goroutine started by {@link #go}, ordered by id} */
    public static List<GoroutineInfo> goroutines() {
        List<Goroutine> live = Registry.snapshot();
        List<GoroutineInfo> out = new ArrayList<>(live.size());
        for (Goroutine g : live) {
            WaitReason reason = g.waitReason();
            out.add(new GoroutineInfo(g.id(), g.thread().getName(), g.thread().getState(),
                    reason == null ? null : reason.goText(), g.waitingSince(), g.creatorId(), g.createdBy()));
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /**
     * {@return GOMAXPROCS: how many goroutines can run at once, the parallelism of the JDK's
     * virtual-thread scheduler (its carrier threads)}
     */
    public static int maxProcs() {
        PlatformManagedObject bean = schedulerBean();
        if (bean != null) {
            try {
                return (int) schedulerMethod("getParallelism").invoke(bean);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the configured value
            }
        }
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (configured != null) {
            try {
                return Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                // the JDK ignores a malformed value too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets GOMAXPROCS (Go's {@code runtime.GOMAXPROCS(n)}) and returns the previous value.
     * Needs JDK 24+, whose {@code jdk.management.VirtualThreadSchedulerMXBean} can change the
     * scheduler's parallelism at run time.
     *
     * @param n the new number of carrier threads
     * @return the previous value
     * @throws IllegalArgumentException      if {@code n < 1}
     * @throws UnsupportedOperationException on JDK 21-23 (set
     *         {@code -Djdk.virtualThreadScheduler.parallelism=n} at launch instead)
     */
    public static int setMaxProcs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1: " + n);
        }
        PlatformManagedObject bean = schedulerBean();
        if (bean == null) {
            throw new UnsupportedOperationException("setMaxProcs needs JDK 24+ (" + SCHEDULER_BEAN
                    + "); on JDK " + Runtime.version().feature()
                    + " start the JVM with -Djdk.virtualThreadScheduler.parallelism=" + n);
        }
        int previous = maxProcs();
        try {
            schedulerMethod("setParallelism", int.class).invoke(bean, n);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("cannot set virtual-thread scheduler parallelism", e);
        }
        return previous;
    }

    /** The bean's method looked up on its public interface (its implementation class is not exported). */
    private static java.lang.reflect.Method schedulerMethod(String name, Class<?>... params)
            throws ReflectiveOperationException {
        return Class.forName(SCHEDULER_BEAN).getMethod(name, params);
    }

    @SuppressWarnings("unchecked")
    private static PlatformManagedObject schedulerBean() {
        try {
            Class<?> type = Class.forName(SCHEDULER_BEAN);
            return ManagementFactory.getPlatformMXBean((Class<? extends PlatformManagedObject>) type);
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            return null;
        }
    }
}
