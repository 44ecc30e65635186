package io.go4j.race.internal.rt;

import io.go4j.Go;
import io.go4j.internal.runtime.Hooks;

/**
 * GoEvents turns go4j's happens-before events (go4j-core's {@link Hooks.SyncListener}) into the
 * detector's: a goroutine's creation and end, and acquires and releases of go4j's
 * synchronisation points (channel buffer slots and close, Mutex, RWMutex sides, WaitGroup,
 * Once, Cond...), with Go's race-runtime meaning ({@code release} stores, {@code releaseMerge}
 * joins, {@code acquire} joins into the thread).
 *
 * <p>Loaded only when go4j is on the application's path; the agent installs it in premain, after
 * setting {@code go4j.syncEvents=true} and before go4j's classes initialise.
 */
public final class GoEvents implements Hooks.SyncListener {
    private GoEvents() {}

    /** Installs the listener and go4j's labels as the source of a report's labels. */
    public static void install() {
        Hooks.setSyncListener(new GoEvents());
        Reporter.labelSource(Go::labels);
    }

    @Override
    public void goCreate(Thread parent, Thread child) {
        Rt.createChild(child);
    }

    @Override
    public void goExit(Thread g) {
        Rt.exit(Rt.stateOf(g));
    }

    @Override
    public void acquire(Thread by, Object sync, long slot) {
        Rt.sync(sync, slot).acquireInto(Rt.stateOf(by));
    }

    @Override
    public void release(Thread by, Object sync, long slot) {
        ThreadState t = Rt.stateOf(by);
        Rt.sync(sync, slot).release(t);
        t.tick();
    }

    @Override
    public void passThrough(Thread by, Object sync, long slot) {
        ThreadState t = Rt.stateOf(by);
        Rt.sync(sync, slot).passThrough(t);
        t.tick();
    }

    @Override
    public void releaseMerge(Thread by, Object sync, long slot) {
        ThreadState t = Rt.stateOf(by);
        Rt.sync(sync, slot).releaseMerge(t);
        t.tick();
    }
}
