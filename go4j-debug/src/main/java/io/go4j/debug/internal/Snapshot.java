package io.go4j.debug.internal;

import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Snapshot is every goroutine and thread of the JVM at (about) one instant, as every tool of
 * go4j-debug sees it: the dumps, the goroutine profile, the HTTP pages and the detectors all read
 * a snapshot, and none of them walks the registry on its own.
 *
 * <p>It holds the goroutines started by {@code go()}, the threads go4j adopted when they waited
 * in a primitive (main, platform threads, plain virtual threads), and, when asked, the other live
 * platform threads the JVM lists ({@link Thread#getAllStackTraces()}), minus the virtual
 * threads' carriers (Go's Ms, which Go's dumps do not show either).
 *
 * <p>Consistency: each goroutine's wait is read before and after its stack; if it changed, the
 * goroutine is shown as running (it woke while being looked at). Goroutines that start or end
 * while the snapshot is taken may be missed or shown ended; a snapshot is for diagnosis.
 *
 * <p>Not listed: plain virtual threads that never waited in a go4j primitive. The JDK lists
 * them only in {@code HotSpotDiagnosticMXBean.dumpThreads} (a file, as text or JSON, with stacks
 * as strings and no {@link Thread} objects), which costs a full thread dump per snapshot and
 * would give entries without a thread; go4j adopts such a thread the first time it waits in a
 * primitive, which is when a dump most needs to show it.
 *
 * @param taken     {@link System#nanoTime()} when the snapshot began (wait durations are to it)
 * @param goroutines the goroutines and threads, ordered by id (leaked goroutines, when added, last)
 */
public record Snapshot(long taken, List<Entry> goroutines) {

    /** What kind of thread an entry is about. */
    public enum Kind {
        /** Started by {@code go()} or {@code goLocked()}. */
        GOROUTINE,
        /** Not started by go4j, seen waiting in a go4j primitive (main, say). */
        ADOPTED,
        /** A live platform thread go4j has never seen wait; its state is the JVM's. */
        OTHER,
        /**
         * A goroutine proven leaked (go4j's leak mode, {@code io.go4j.debug.Leaks}): its thread
         * was collected and go4j-debug kept its record; Go 1.26 marks such a goroutine
         * {@code (leaked)} in its status. Never in {@link #take} snapshots: the dumps and the
         * goroutine profile add the kept ones after the live goroutines.
         */
        LEAKED
    }

    /**
     * One goroutine or thread.
     *
     * @param id             its id (the thread id)
     * @param name           the thread's name ("" if unnamed)
     * @param kind           goroutine, adopted or other thread
     * @param thread         the thread; null for a {@link Kind#LEAKED} goroutine (collected)
     * @param state          the JVM's state of the thread when its stack was taken
     * @param waitReason     why it is parked in go4j, or null
     * @param blocker        what it waits on (see {@code Goroutine.waitBlocker()}), or null
     * @param waitSinceNanos when that wait began ({@link System#nanoTime()}), 0 if not waiting
     * @param creatorId      the id of its creator, 0 if none is known
     * @param createdBy      where it was started, or null
     * @param labels         its profiler labels, sorted by key
     * @param stack          its stack, innermost frame first (empty if not taken or ended)
     * @param lockedToThread whether it has a platform thread of its own ({@code goLocked})
     */
    public record Entry(long id, String name, Kind kind, Thread thread, Thread.State state,
                        WaitReason waitReason, Object blocker, long waitSinceNanos, long creatorId,
                        StackTraceElement createdBy, Map<String, String> labels,
                        StackTraceElement[] stack, boolean lockedToThread) {

        /**
         * Returns Go's bracketed status without the extras: the go4j wait reason when there is
         * one, else {@code running} for a runnable thread, {@code runnable} for one not started,
         * {@code IO wait} for one in the JDK's socket, channel or file I/O (runnable in native code,
         * or a virtual thread parked for I/O), {@code sleep} for one in {@code Thread.sleep},
         * {@code waiting} for one parked otherwise outside go4j (a monitor, a JDK lock),
         * {@code dead} for one that has ended. The I/O and sleep cases are read off the top of
         * the stack (empty if the stack was not taken). A leaked goroutine's status ends with
         * {@code " (leaked)"}, as Go 1.26 prints it ({@code chan send (leaked)}).
         *
         * @return the status word(s)
         */
        public String status() {
            return kind == Kind.LEAKED ? liveStatus() + " (leaked)" : liveStatus();
        }

        private String liveStatus() {
            if (waitReason != null) {
                return waitReason.goText();
            }
            return switch (state) {
                case NEW -> "runnable";
                case RUNNABLE, WAITING, TIMED_WAITING -> inIo(stack) ? "IO wait"
                        : state == Thread.State.RUNNABLE ? "running"
                        : sleeping(stack) ? "sleep" : "waiting";
                case BLOCKED -> "waiting";
                case TERMINATED -> "dead";
            };
        }

        /**
         * Returns how long it has waited in go4j at {@code now}, or -1 if it is not waiting.
         *
         * @param now a {@link System#nanoTime()} reading
         * @return nanoseconds waited, or -1
         */
        public long waitNanos(long now) {
            return waitReason == null ? -1 : Math.max(0, now - waitSinceNanos);
        }
    }

    /*
     * How status() reads a thread go4j did not see wait (best effort, from its stack): "sleep" when
     * Thread.sleep is among its top frames; "IO wait" when its innermost frame below the JDK's park
     * frames is in the JDK's socket, channel or file I/O (a platform thread in a blocking read is
     * RUNNABLE, in native code; a virtual thread waiting for I/O parks inside sun.nio.ch).
     */
    private static final int STATUS_FRAMES = 8;   // how deep status() looks; covers the JDK's park frames

    private static boolean sleeping(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(STATUS_FRAMES, stack.length); i++) {
            if (stack[i].getClassName().equals("java.lang.Thread") && stack[i].getMethodName().startsWith("sleep")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inIo(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(STATUS_FRAMES, stack.length); i++) {
            String cls = stack[i].getClassName();
            if (cls.startsWith("sun.nio.ch.") || cls.startsWith("java.net.") || cls.startsWith("sun.nio.fs.")
                    || cls.equals("java.io.FileInputStream") || cls.equals("java.io.FileOutputStream")
                    || cls.equals("java.io.RandomAccessFile")) {
                return true;
            }
            if (!(cls.startsWith("java.lang.VirtualThread") || cls.startsWith("jdk.internal.")
                    || cls.startsWith("java.lang.System$") || cls.equals("java.util.concurrent.locks.LockSupport"))) {
                return false;   // the first frame above the park machinery is not I/O
            }
        }
        return false;
    }

    /**
     * Takes a snapshot of the goroutines and adopted threads, with their stacks.
     *
     * @return the snapshot
     */
    public static Snapshot take() {
        return take(true, false);
    }

    /**
     * Takes a snapshot.
     *
     * @param stacks       whether to take every stack (the costly part: a handshake per thread)
     * @param otherThreads whether to add the live platform threads go4j has not seen wait
     * @return the snapshot
     */
    public static Snapshot take(boolean stacks, boolean otherThreads) {
        long now = System.nanoTime();
        List<Goroutine> live = Registry.snapshotWithAdopted();
        List<Entry> out = new ArrayList<>(live.size() + 16);
        Set<Thread> seen = new HashSet<>();
        for (Goroutine g : live) {
            Entry e = entryOf(g, stacks);
            if (e != null) {
                out.add(e);
                seen.add(e.thread());
            }
        }
        if (otherThreads) {
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                Thread th = t.getKey();
                if (seen.contains(th) || isCarrier(th)) {
                    continue;
                }
                out.add(new Entry(th.threadId(), th.getName(), Kind.OTHER, th, th.getState(), null, null, 0,
                        0, null, Map.of(), stacks ? t.getValue() : new StackTraceElement[0], false));
            }
        }
        out.sort(Comparator.comparingLong(Entry::id));
        return new Snapshot(now, List.copyOf(out));
    }

    /**
     * Returns a copy with {@code e} added, unless an entry with its id is already there.
     *
     * @param e an entry
     * @return the snapshot with {@code e}
     */
    public Snapshot with(Entry e) {
        for (Entry x : goroutines) {
            if (x.id() == e.id()) {
                return this;
            }
        }
        List<Entry> out = new ArrayList<>(goroutines);
        out.add(e);
        out.sort(Comparator.comparingLong(Entry::id));
        return new Snapshot(taken, List.copyOf(out));
    }

    /**
     * Returns a copy with {@code more} after these entries (not sorted in: the leaked goroutines
     * follow the live ones), leaving out those whose id is already here.
     *
     * @param more entries to add at the end
     * @return the snapshot with them
     */
    public Snapshot followedBy(List<Entry> more) {
        if (more.isEmpty()) {
            return this;
        }
        Set<Long> ids = new HashSet<>();
        goroutines.forEach(e -> ids.add(e.id()));
        List<Entry> out = new ArrayList<>(goroutines);
        more.stream().filter(e -> !ids.contains(e.id())).forEach(out::add);
        return new Snapshot(taken, List.copyOf(out));
    }

    /**
     * Returns a copy without the entry whose id is {@code id}.
     *
     * @param id an entry's id
     * @return the snapshot without it
     */
    public Snapshot without(long id) {
        return new Snapshot(taken, goroutines.stream().filter(e -> e.id() != id).toList());
    }

    /**
     * Returns the current thread's entry, with its stack: its goroutine's or adopted record's if
     * go4j knows it, else an {@link Kind#OTHER} entry.
     *
     * @return the entry
     */
    public static Entry ofCurrentThread() {
        Thread t = Thread.currentThread();
        Goroutine g = Registry.current();
        if (g != null) {
            Entry e = entryOf(g, Thread::getStackTrace);
            if (e != null) {
                return e;
            }
        }
        return new Entry(t.threadId(), t.getName(), Kind.OTHER, t, Thread.State.RUNNABLE, null, null, 0, 0, null,
                Map.of(), t.getStackTrace(), false);
    }

    /**
     * Takes a snapshot of the goroutines and adopted threads that {@code which} selects, with
     * their stacks: only the selected threads' stacks are taken (go4j-test looks at the
     * goroutines one test started, among many).
     *
     * @param which selects records; called once per live record, must be quick
     * @return the snapshot
     */
    public static Snapshot take(Predicate<? super Goroutine> which) {
        long now = System.nanoTime();
        List<Entry> out = new ArrayList<>();
        for (Goroutine g : Registry.snapshotWithAdopted()) {
            if (which.test(g)) {
                Entry e = entryOf(g, true);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparingLong(Entry::id));
        return new Snapshot(now, List.copyOf(out));
    }

    /** Reads one record; null if its thread has ended (or, in leak mode, was reclaimed as leaked). */
    private static Entry entryOf(Goroutine g, boolean stacks) {
        return entryOf(g, stacks ? Thread::getStackTrace : t -> new StackTraceElement[0]);
    }

    /**
     * Reads one record, taking its thread's stack with {@code stackOf} between the two reads of
     * its wait (see the class comment: a wait that changed meanwhile makes it running). Public for
     * tools that take stacks their own way, and for tests.
     *
     * @param g       a goroutine or adopted record
     * @param stackOf takes a thread's stack
     * @return the entry, or null if its thread has ended
     */
    public static Entry entryOf(Goroutine g, Function<Thread, StackTraceElement[]> stackOf) {
        Thread t = g.thread();
        if (t == null) {
            return null;
        }
        WaitReason reason = g.waitReason();
        Object blocker = g.waitBlocker();
        long since = g.waitSinceNanos();
        StackTraceElement[] stack = stackOf.apply(t);
        Thread.State state = t.getState();
        if (state == Thread.State.TERMINATED) {
            return null;
        }
        if (g.waitReason() != reason || g.waitSinceNanos() != since) {
            reason = null;   // it woke (and maybe waited again) while its stack was taken
            blocker = null;
            since = 0;
            state = Thread.State.RUNNABLE;
        }
        return new Entry(g.id(), t.getName(), g.adopted() ? Kind.ADOPTED : Kind.GOROUTINE, t, state, reason,
                blocker, reason == null ? 0 : since, g.creatorId(), g.createdBy(), g.labels(), stack,
                g.lockedToThread());
    }

    /** A virtual threads' carrier (Go's M): not a goroutine, not shown. */
    private static boolean isCarrier(Thread t) {
        return t.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }
}
