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

    /** Starts {@code task} in a new goroutine and returns the goroutine's thread. */
    public static Thread go(Runnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"));
    }

    /** Starts {@code task} in a new goroutine whose thread is named {@code name}. */
    public static Thread go(String name, Runnable task) {
        return Registry.start(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task"));
    }

    /** Returns the current goroutine's id: its thread's {@link Thread#threadId()}. */
    public static long goid() {
        return Thread.currentThread().threadId();
    }

    /** Returns the number of live goroutines started by {@link #go} (Go's {@code runtime.NumGoroutine}). */
    public static int numGoroutine() {
        return Registry.count();
    }

    /** Returns a snapshot of every live goroutine started by {@link #go}, ordered by id. */
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
     * Returns GOMAXPROCS: how many goroutines can run at once, the parallelism of the JDK's
     * virtual-thread scheduler (its carrier threads).
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
     * scheduler's parallelism at run time, and that bean's module, {@code jdk.management}, in
     * the JVM: go4j only {@code requires static} it, so a runtime image made by jlink for the
     * application must include it ({@code jlink --add-modules jdk.management}).
     *
     * @param n the new parallelism, at least 1
     * @return the previous GOMAXPROCS
     * @throws IllegalArgumentException      if {@code n < 1}
     * @throws UnsupportedOperationException on JDK 21-23, or without the jdk.management module;
     *         the message says which (set {@code -Djdk.virtualThreadScheduler.parallelism=n} at
     *         launch instead)
     */
    public static int setMaxProcs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1: " + n);
        }
        PlatformManagedObject bean = schedulerBean();
        if (bean == null) {
            boolean module = ModuleLayer.boot().findModule("jdk.management").isPresent();
            throw new UnsupportedOperationException(maxProcsUnsupported(Runtime.version().feature(), module, n));
        }
        int previous = maxProcs();
        try {
            schedulerMethod("setParallelism", int.class).invoke(bean, n);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("cannot set virtual-thread scheduler parallelism", e);
        }
        return previous;
    }

    /**
     * Returns why setMaxProcs({@code n}) cannot work on JDK {@code jdkFeature} when the
     * scheduler bean is missing; {@code managementModule} is whether jdk.management is in the
     * boot layer. Package-private so that a test can check every case on any JDK.
     */
    static String maxProcsUnsupported(int jdkFeature, boolean managementModule, int n) {
        String instead = "start the JVM with -Djdk.virtualThreadScheduler.parallelism=" + n;
        if (jdkFeature < 24) {
            return "setMaxProcs needs JDK 24+ (" + SCHEDULER_BEAN + "); on JDK " + jdkFeature + " " + instead;
        }
        if (!managementModule) {
            return "setMaxProcs needs the jdk.management module (" + SCHEDULER_BEAN + "), which this JVM"
                    + " has not loaded: include it in the runtime image (jlink --add-modules jdk.management)"
                    + " or resolve it (java --add-modules jdk.management); or " + instead;
        }
        return "setMaxProcs: this JVM provides no " + SCHEDULER_BEAN + "; " + instead;
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
