package io.go4j.debug.internal.jfr;

import io.go4j.debug.internal.Listeners;
import io.go4j.debug.internal.sched.Latencies;
import io.go4j.internal.runtime.Blockers;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * JfrBridge turns the core's goroutine and contention reports into go4j's JFR events, and
 * listens to the core only while a JFR recording wants one of those events.
 *
 * <p>Invariants: while {@link #install()}ed, go4j-debug's goroutine listener is added to
 * {@link Listeners} exactly when JFR reports one of {@code go4j.GoroutineStart},
 * {@code go4j.GoroutineEnd}, {@code go4j.Block} or {@code go4j.SchedLatency} enabled, and its
 * contention listener exactly when {@code go4j.MutexContention} is, as of the last recording
 * state change; after {@link #uninstall()}, neither is added. With no recording running JFR
 * reports every event disabled, so the core's listeners stay null and the primitives pay nothing.
 *
 * <p>Non-invariants: settings changed on a running recording without a state change
 * ({@link Recording#enable(String)} after {@link Recording#start()}) are seen at the next state
 * change of any recording; events of the listeners' own work (a {@code Block} begun before a
 * state change and ended after it) may be dropped at the edge.
 */
public final class JfrBridge {
    /*
     * Implementation notes.
     *
     * 1. When to listen. JFR calls a FlightRecorderListener on every recording state change
     *    (start, stop, close) after it has applied the new settings, so EventType.isEnabled() is
     *    then the union over all running recordings. update() reads it for each of our events and
     *    adds or removes the two listeners in Listeners; the core sees a null listener as soon as
     *    no go4j-debug consumer (block profile, latency histogram, this bridge) remains. Looking
     *    an EventType up registers the event class, which needs JFR initialised: before that no
     *    recording can run, so update() does not look.
     * 2. Block events need their begin time, which JFR takes only through Event.begin(): the
     *    event begins in blocked() and is kept in a ThreadLocal until unblocked(), both on the
     *    waiter's own thread, so JFR's threshold applies to the real wait and the stack trace
     *    committed in unblocked() is the waiter's. A virtual thread gets its ThreadLocal map only
     *    while block events are wanted. An event left there when the listener was removed
     *    mid-wait is recognised by its epoch (bumped at every update) and dropped, never
     *    committed with another wait's duration.
     * 3. Mutex contention and scheduling latency are committed after the fact, so their length
     *    is a field (delay, latency) with a DelayThreshold setting instead of JFR's threshold.
     * 4. What each callback wants is one volatile read of an immutable Wants; the events' own
     *    shouldCommit() still decides, so a stale Wants costs at most an allocation.
     */

    /** What the listeners produce; replaced as a whole by update(). */
    private record Wants(int epoch, boolean start, boolean end, boolean block, boolean sched, boolean unblock) {}

    private static final ThreadLocal<BlockEvent> PENDING_BLOCK = new ThreadLocal<>();   // own thread only

    private static volatile Wants wants = new Wants(0, false, false, false, false, false);   // written by update()
    private static boolean installed;          // guarded by JfrBridge.class
    private static boolean goroutinesAdded;    // guarded by JfrBridge.class
    private static boolean contentionAdded;    // guarded by JfrBridge.class

    private JfrBridge() {}

    /** Follows JFR's recordings from now on; nothing if already installed. */
    public static synchronized void install() {
        if (!installed) {
            installed = true;
            FlightRecorder.addListener(RECORDINGS);   // calls recorderInitialized now if JFR runs
            update();
        }
    }

    /** Stops following JFR's recordings and removes go4j-debug's listeners; nothing if not installed. */
    public static synchronized void uninstall() {
        if (installed) {
            installed = false;
            FlightRecorder.removeListener(RECORDINGS);
            apply(new Wants(wants.epoch() + 1, false, false, false, false, false), false);
        }
    }

    /**
     * Returns whether the bridge follows JFR's recordings.
     *
     * @return true between {@link #install()} and {@link #uninstall()}
     */
    public static synchronized boolean installed() {
        return installed;
    }

    /**
     * Returns whether the bridge listens to the core now (a recording wants go4j's events).
     *
     * @return true if its goroutine or contention listener is added
     */
    public static synchronized boolean listening() {
        return goroutinesAdded || contentionAdded;
    }

    /** Re-reads which of go4j's events JFR has enabled, and listens accordingly. */
    static synchronized void update() {
        if (!installed) {
            return;
        }
        int epoch = wants.epoch() + 1;
        if (!FlightRecorder.isInitialized()) {
            apply(new Wants(epoch, false, false, false, false, false), false);
            return;
        }
        apply(new Wants(epoch, enabled(GoroutineStartEvent.class), enabled(GoroutineEndEvent.class),
                enabled(BlockEvent.class), enabled(SchedLatencyEvent.class), enabled(UnblockEvent.class)),
                enabled(MutexContentionEvent.class));
    }

    private static boolean enabled(Class<? extends Event> event) {
        return EventType.getEventType(event).isEnabled();
    }

    /** Publishes {@code w} and adds or removes the listeners; called with the class lock held. */
    private static void apply(Wants w, boolean contention) {
        wants = w;
        boolean goroutines = w.start() || w.end() || w.block() || w.sched() || w.unblock();
        if (goroutines != goroutinesAdded) {
            if (goroutines) {
                Listeners.add(GOROUTINES);
            } else {
                Listeners.remove(GOROUTINES);
            }
            goroutinesAdded = goroutines;
        }
        if (contention != contentionAdded) {
            if (contention) {
                Listeners.addContention(CONTENTION);
            } else {
                Listeners.removeContention(CONTENTION);
            }
            contentionAdded = contention;
        }
    }

    private static final FlightRecorderListener RECORDINGS = new FlightRecorderListener() {
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            update();
        }

        @Override
        public void recordingStateChanged(Recording recording) {
            update();
        }
    };

    private static final Hooks.GoroutineListener GOROUTINES = new Hooks.GoroutineListener() {
        @Override
        public void started(Goroutine g) {
            long now = System.nanoTime();
            Wants w = wants;
            if (w.sched()) {
                latency(g, Latencies.ofStart(g, now), "start");
            }
            if (w.start()) {
                GoroutineStartEvent e = new GoroutineStartEvent();
                if (e.shouldCommit()) {
                    e.goroutineId = g.id();
                    e.creatorId = g.creatorId();
                    e.createdBy = EventText.site(g.createdBy());
                    e.labels = EventText.labels(g.labels());
                    e.commit();
                }
            }
        }

        @Override
        public void exited(Goroutine g) {
            if (wants.end()) {
                GoroutineEndEvent e = new GoroutineEndEvent();
                if (e.shouldCommit()) {
                    e.goroutineId = g.id();
                    e.creatorId = g.creatorId();
                    e.createdBy = EventText.site(g.createdBy());
                    e.labels = EventText.labels(g.labels());
                    e.commit();
                }
            }
        }

        @Override
        public void blocked(Goroutine g, WaitReason reason, Object blocker) {
            Wants w = wants;
            if (w.block()) {
                BlockEvent e = new BlockEvent();
                if (e.isEnabled()) {
                    e.epoch = w.epoch();
                    e.holderAtPark = Blockers.holderOf(blocker);   // at the end, the waiter holds it
                    e.begin();
                    PENDING_BLOCK.set(e);
                }
            }
        }

        @Override
        public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
            long now = System.nanoTime();
            Wants w = wants;
            if (w.block()) {
                BlockEvent e = PENDING_BLOCK.get();
                if (e != null) {
                    PENDING_BLOCK.remove();
                    if (e.epoch == w.epoch()) {
                        e.end();
                        if (e.shouldCommit()) {
                            e.goroutineId = g.id();
                            e.reason = reason.goText();
                            e.blocker = EventText.blocker(blocker, e.holderAtPark);
                            e.labels = EventText.labels(g.labels());
                            e.commit();
                        }
                    }
                }
            }
            if (w.sched()) {
                latency(g, Latencies.ofWake(g, waitNanos, now), reason.goText());
            }
        }

        @Override
        public void unparked(Thread woken) {
            if (wants.unblock()) {
                UnblockEvent e = new UnblockEvent();
                if (e.shouldCommit()) {
                    Thread me = Thread.currentThread();   // a daemon platform thread that is no goroutine: 0
                    e.goroutineId = me.isDaemon() && !me.isVirtual() && Registry.current() == null ? 0 : me.threadId();
                    e.wokenId = woken.threadId();
                    e.commit();
                }
            }
        }
    };

    private static void latency(Goroutine g, long latencyNanos, String wokenFrom) {
        if (latencyNanos < 0) {
            return;
        }
        SchedLatencyEvent e = new SchedLatencyEvent();
        e.latency = latencyNanos;
        if (e.shouldCommit()) {
            e.goroutineId = g.id();
            e.wokenFrom = wokenFrom;
            e.labels = EventText.labels(g.labels());
            e.commit();
        }
    }

    private static final Hooks.ContentionListener CONTENTION = (kind, lock, waitNanos) -> {
        MutexContentionEvent e = new MutexContentionEvent();
        e.delay = waitNanos;
        if (e.shouldCommit()) {
            Goroutine self = Registry.current();
            e.kind = kind.goText();
            e.lock = EventText.lockName(lock);   // not its holder: the hand-over is changing it
            e.goroutineId = Thread.currentThread().threadId();
            e.labels = self == null ? "" : EventText.labels(self.labels());
            e.commit();
        }
    };
}
