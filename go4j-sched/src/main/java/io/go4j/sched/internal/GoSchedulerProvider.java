package io.go4j.sched.internal;

import io.go4j.internal.runtime.SchedulerProvider;

/**
 * GoSchedulerProvider plugs go4j-sched into go4j-core ({@code -Dgo4j.scheduler=go}): goroutines'
 * virtual threads are built to run on the one {@link Scheduler} of this JVM, created at first use.
 */
public final class GoSchedulerProvider implements SchedulerProvider {

    /** The name that selects it: {@code -Dgo4j.scheduler=go}. */
    public static final String NAME = "go";

    /** Property giving the number of carriers (Go's GOMAXPROCS). */
    public static final String PROCS = "go4j.sched.procs";

    /** Creates the provider (ServiceLoader). */
    public GoSchedulerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Thread.Builder.OfVirtual newBuilder() {
        return Jdk.newBuilder(instance());
    }

    @Override
    public int maxProcs() {
        return instance().procs();
    }

    @Override
    public int setMaxProcs(int n) {
        return instance().setProcs(n);
    }

    @Override
    public boolean localWorkQueued() {
        Scheduler s = started;
        return s != null && s.localWorkQueued();
    }

    @Override
    public io.go4j.internal.runtime.SchedState state() {
        Scheduler s = started;
        return s == null ? null : s.state();
    }

    @Override
    public int currentProc() {
        return currentCarrier() instanceof Carrier c && !c.spare ? c.id : -1;
    }

    /** Returns this JVM's scheduler, started at the first call; throws if this JVM cannot run it. */
    public static Scheduler instance() {
        Jdk.check();
        return Holder.SCHEDULER;
    }

    /** Returns the scheduler if it has been started, else null. */
    public static Scheduler started() {
        return started;
    }

    /** Returns the current thread's carrier if it is one of go4j-sched's, else null. */
    public static Thread currentCarrier() {
        return started != null && Jdk.currentCarrier() instanceof Carrier c ? c : null;
    }

    /** Returns the default number of carriers: {@value #PROCS}, else the JDK scheduler's parallelism setting, else the processors. */
    static int defaultProcs() {
        String p = System.getProperty(PROCS);
        String what = PROCS;
        if (p == null) {
            p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
            what = "jdk.virtualThreadScheduler.parallelism";
        }
        if (p == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the value
        }
        throw new IllegalArgumentException("go4j-sched: " + what + " must be a positive integer, not \"" + p + "\"");
    }

    private static volatile Scheduler started;   // Holder.SCHEDULER once it exists

    private static final class Holder {
        static final Scheduler SCHEDULER = new Scheduler(defaultProcs());

        static {
            started = SCHEDULER;
        }
    }
}
