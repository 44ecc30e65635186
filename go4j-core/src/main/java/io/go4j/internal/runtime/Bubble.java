package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Bubble is one synctest bubble (Go 1.25's {@code synctestBubble}): a set of goroutines with a
 * fake clock of their own, which a driver advances to the next timer only when every goroutine
 * of the bubble is durably blocked.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code members} counts the live goroutines of the bubble: a goroutine is counted from
 *       just before its thread starts until its task has returned and it has left the registry.
 *       A goroutine belongs to the bubble of the goroutine that started it, for its whole life.</li>
 *   <li>{@code running} never understates the members that are not durably blocked (running,
 *       runnable, or blocked in a wait that is not durable). It may overstate them for a moment:
 *       every transition that makes a goroutine runnable adds one <em>before</em> the step that
 *       makes it so, and every transition that blocks one subtracts one <em>after</em> it.
 *       So {@code running == 0} means that the bubble is idle now, and it stays idle until the
 *       driver acts (or an interrupt from outside the bubble wakes a member).</li>
 *   <li>A durable wait is counted as blocked exactly while its {@link Waiter} is PARKED. The
 *       counterpart whose CAS completes it adds one to {@code running} first (the waiter's
 *       {@code bubble} field tells it so), so a goroutine that wakes a peer and then parks can
 *       never make the bubble look idle in between.</li>
 *   <li>The clock ({@code nowNanos}, nanoseconds since the Unix epoch, starting at Go's
 *       2000-01-01T00:00:00Z) only moves forward, only on the driver, and only while
 *       {@code running == 0}.</li>
 * </ul>
 *
 * <p>Non-invariants: {@link #members()} is a moment's copy; {@code events} only says that
 * something happened, not what.
 */
public final class Bubble {
    /*
     * Implementation notes.
     *
     * 1. Go counts in changegstatus, under the bubble's lock, because its scheduler sees every
     *    status change. go4j sees only its own parks, so it counts at the one seam every
     *    blocking primitive shares: Waiter. The owner marks a durable wait by setting the
     *    waiter's bubble field before its RUNNING -> PARKED CAS and subtracts one after it;
     *    the completer that finds PARKED adds one before its DONE CAS (and subtracts it again if
     *    that CAS fails). The owner that gives up (interrupt) adds one before its CANCELLED CAS
     *    and takes it back if a completer won. A spurious return of LockSupport.park changes
     *    nothing: the state is still PARKED and the owner parks again. Tempting and wrong:
     *    letting the woken thread add one when it wakes; A unparks B then parks itself, and
     *    between A's park and B's wake-up the bubble looks idle, so time advances early
     *    (timeDoesNotAdvanceWhileAWokenGoroutineHasNotRunYet).
     *
     * 2. Counters are atomics, not a lock: the completer counts while holding a channel's or a
     *    wait queue's spin lock, and a lock holder must never leave its carrier (Scheduling,
     *    assumption 2). Whoever brings running (or members) to zero unparks the driver, which
     *    rereads the counters in a loop: no lost wake-up (the permit), no lock.
     *
     * 3. One driver: the thread that called test(), outside the bubble. It alone fires the
     *    bubble's timers (its own TimerQueue, with no thread, in io.go4j.time), moves the clock,
     *    wakes the goroutine in await(), and decides that the bubble is done or deadlocked. Go
     *    wakes its root goroutine for the same decisions.
     *
     * 4. What the non-bubble path costs: Bubble.anyLive() is one read of a static volatile int
     *    (live), zero unless a bubble exists, which guards every lookup of the current bubble
     *    (timer creation, Time.now, sleep, WaitGroup.add, channel creation and Waiter.park). On
     *    paths that already hold the object: a read of HChan.bubble before a channel operation
     *    (Chan, Select) and of each channel's before a select parks (SelectImpl.allBubbled); of
     *    Goroutine.bubble at start (the creator's) and at exit; of Waiter.bubble by a completer
     *    that found the waiter PARKED (the object whose state it just read); of the timer
     *    queue's bubble in Timer/Ticker stop and reset. No ThreadLocal, no allocation. Memory:
     *    one reference field more in Goroutine, Waiter, HChan, Timer and Ticker (4 bytes with
     *    compressed oops, often absorbed by alignment padding). While any bubble is alive
     *    (a parallel test using Synctest), every thread pays the lookup of its bubble behind
     *    that check: Registry.of, a read of the thread's uncaught-exception handler, no map.
     *    The lead measures all this with the channel and timer JMH scenarios.
     *
     * 5. Association of WaitGroups (Go 1.25: a WaitGroup belongs to the bubble of its first
     *    add inside one; only then is its Wait durable) lives in a weak map here (WaitGroup has
     *    identity equality), as Go keeps it in a heap special: a WaitGroup holds no field for
     *    it, only code running while a bubble is alive looks it up, and close() forgets the
     *    bubble's entries.
     *
     * 6. Stalls: Go's test hangs when every goroutine is parked but some wait is not durable (a
     *    Mutex held by a sleeping goroutine: the sleeper is durable, the Mutex waiter is not, so
     *    the bubble is never idle). go4j sees wait reasons, so drive() reports STALLED once
     *    nothing has changed (the events counter) for the given real time while every member is
     *    parked in go4j; a member in I/O or Thread.sleep has no wait reason and is never taken
     *    for stalled. A member waiting on a channel from outside the bubble for longer than
     *    that is reported too: a documented limit of the heuristic.
     */

    /** Go's synctest base time: midnight UTC 2000-01-01, in nanoseconds since the Unix epoch. */
    public static final long BASE_NANOS = 946_684_800_000_000_000L;

    private static final AtomicLong IDS = new AtomicLong();
    private static volatile int live;   // bubbles created and not yet closed; guards all bubble work
    private static final Map<Object, Bubble> ASSOCIATED = Collections.synchronizedMap(new WeakHashMap<>());

    private final long id;
    private volatile Thread driver;     // the creator; null once closed (then nobody outside is exempt)
    private final Set<Goroutine> memberSet = ConcurrentHashMap.newKeySet();

    private volatile int members;       // getAndAdd by starters and exiting members
    private volatile int running;       // getAndAdd: see the invariants
    private volatile long events;       // getAndAdd on every count change: for stall detection
    private volatile long nowNanos = BASE_NANOS;   // written by the driver only
    private volatile Waiter awaiter;    // the goroutine in await(), set by it, cleared by the driver
    private volatile boolean waiting;   // an await() is in progress (Go's bubble.waiting)
    private volatile Goroutine main;    // the goroutine running test()'s body
    private volatile boolean mainDone;  // main has exited: time stops (Go)
    private volatile boolean aborting;  // the driver gave up and interrupted the members: their
                                        // failures (interrupts, mostly) are not the test's
    private volatile Throwable failure; // the first panic of a member, or the body's exception
    private volatile Timers timers;     // created by the first timer armed in the bubble

    /**
     * Timers is the bubble's timer queue as the driver sees it (implemented in io.go4j.time,
     * where the one timer heap lives).
     */
    public interface Timers {
        /**
         * Returns the earliest deadline of a pending timer, on the bubble's clock.
         *
         * @return the deadline, or {@link Long#MAX_VALUE} if none is pending
         */
        long nextWhen();

        /**
         * Fires every timer due at {@code now}: sends on channels, wakes sleepers, starts
         * afterFunc functions in the bubble. Called by the driver.
         *
         * @param now the bubble's clock
         */
        void fireDue(long now);
    }

    /** Owned is an object created in a bubble and tied to it for its life (a channel). */
    public interface Owned {
        /**
         * Returns the bubble this object was created in.
         *
         * @return the bubble, or null
         */
        Bubble bubble();
    }

    /** The association of an object with bubbles (Go's {@code internal/synctest.Associate}). */
    public enum Association {
        /** Neither the caller nor the object is in a bubble. */
        UNBUBBLED,
        /** The object belongs to the caller's bubble (now, or since before). */
        CURRENT,
        /** The object belongs to another bubble than the caller's, or the caller is outside it. */
        OTHER
    }

    /** What ended {@link #drive}. */
    public enum Stop {
        /** Every goroutine of the bubble has exited. */
        DONE,
        /** Every goroutine is durably blocked, no timer can fire and no await() can return. */
        DEADLOCK,
        /**
         * For a while, every goroutine was parked in go4j and some were in waits that are not
         * durable (a Mutex, a channel from outside the bubble): time cannot advance.
         */
        STALLED,
        /** The driver was interrupted (a test timeout); its interrupt flag is set again. */
        INTERRUPTED
    }

    private Bubble(Thread driver) {
        this.id = IDS.incrementAndGet();
        this.driver = driver;
    }

    /**
     * Creates a bubble driven by the current thread, which must not be in a bubble. The caller
     * must {@link #close()} it.
     *
     * @return the bubble
     */
    public static Bubble create() {
        Bubble b = new Bubble(Thread.currentThread());
        LIVE.getAndAdd(1);
        return b;
    }

    /**
     * Returns whether any bubble exists: the one check the non-bubble paths pay (note 4).
     *
     * @return true if a bubble is alive
     */
    public static boolean anyLive() {
        return live != 0;
    }

    /**
     * Returns the bubble of the current goroutine, or null. Only goroutines started by
     * {@code go()} can be in a bubble, so no ThreadLocal is read.
     *
     * @return the bubble, or null
     */
    public static Bubble current() {
        Goroutine g = Registry.of(Thread.currentThread());
        return g == null ? null : g.bubble;
    }

    /**
     * Returns whether the current thread may not use an object that belongs to {@code b}: it is
     * neither a member of {@code b} nor its driver.
     *
     * @param b the object's bubble, non-null
     * @return true if the use comes from outside the bubble
     */
    public static boolean outside(Bubble b) {
        return current() != b && Thread.currentThread() != b.driver;
    }

    /**
     * Associates {@code o} with the current goroutine's bubble if it has none yet (Go's
     * {@code synctest.Associate}); from outside any bubble, only reports.
     *
     * @param o the object (compared by identity, held weakly)
     * @return how {@code o} and the caller stand
     */
    public static Association associate(Object o) {
        Bubble cur = current();
        synchronized (ASSOCIATED) {
            Bubble owner = ASSOCIATED.get(o);
            if (cur == null) {
                return owner == null ? Association.UNBUBBLED : Association.OTHER;
            }
            if (owner == null) {
                ASSOCIATED.put(o, cur);
                return Association.CURRENT;
            }
            return owner == cur ? Association.CURRENT : Association.OTHER;
        }
    }

    /**
     * Returns the bubble {@code o} is associated with, or null.
     *
     * @param o the object
     * @return its bubble, or null
     */
    public static Bubble associatedWith(Object o) {
        return ASSOCIATED.get(o);
    }

    // ---------------------------------------------------------------------------------------
    // Identity and clock

    /**
     * Returns this bubble's id (unique, from 1).
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * Returns the bubble's clock, in nanoseconds since the Unix epoch.
     *
     * @return the fake time
     */
    public long nanoTime() {
        return nowNanos;
    }

    /**
     * Returns the bubble's clock as an Instant.
     *
     * @return the fake time
     */
    public Instant now() {
        return instantOf(nowNanos);
    }

    /**
     * Returns {@code nanos} since the Unix epoch as an Instant.
     *
     * @param nanos nanoseconds since the epoch
     * @return the instant
     */
    public static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    /**
     * Returns the bubble's timer queue, or null if no timer was ever armed in it.
     *
     * @return the timers, or null
     */
    public Timers timers() {
        return timers;
    }

    /**
     * Installs the bubble's timer queue, unless one is installed already; returns the one in
     * place.
     *
     * @param t a new queue
     * @return the queue of this bubble
     */
    public Timers timersOrSet(Timers t) {
        Timers old = (Timers) TIMERS.compareAndExchange(this, null, t);
        return old == null ? t : old;
    }

    // ---------------------------------------------------------------------------------------
    // Members

    /**
     * Starts {@code task} as the bubble's main goroutine (the body of {@code test()}).
     *
     * @param task the body
     * @return its thread
     */
    public Thread startMain(Runnable task) {
        return Registry.startIn(this, task);
    }

    /** Counts {@code g} in, before its thread starts. */
    void started(Goroutine g) {
        if (main == null && g.bubble == this) {
            main = g;
        }
        memberSet.add(g);
        RUNNING.getAndAdd(this, 1);
        MEMBERS.getAndAdd(this, 1);
        EVENTS.getAndAdd(this, 1);
    }

    /** Counts {@code g} out, after it has left the registry (or failed to start). */
    void exited(Goroutine g) {
        memberSet.remove(g);
        if (g == main) {
            mainDone = true;
        }
        EVENTS.getAndAdd(this, 1);
        int m = (int) MEMBERS.getAndAdd(this, -1) - 1;
        int r = (int) RUNNING.getAndAdd(this, -1) - 1;
        if (r == 0 || m == 0) {
            LockSupport.unpark(driver);
        }
    }

    /**
     * Takes the panic of member {@code g} (Go would crash the program; here test() fails with
     * it): kept if it is the first failure, ignored once the driver is aborting the bubble.
     *
     * @param g     the member
     * @param panic what it threw
     */
    void panicked(Goroutine g, Throwable panic) {
        if (!aborting) {
            FAILURE.compareAndSet(this, null, panic);
        }
    }

    /**
     * Records the body's failure (an exception or error thrown by test()'s body).
     *
     * @param t what the body threw
     */
    public void bodyFailed(Throwable t) {
        if (!aborting) {
            FAILURE.compareAndSet(this, null, t);
        }
    }

    /**
     * Returns the first failure: the body's exception or a member's panic, or null.
     *
     * @return the failure, or null
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Returns whether the main goroutine has exited.
     *
     * @return true once main is done
     */
    public boolean mainDone() {
        return mainDone;
    }

    /**
     * Returns the live members at some recent moment.
     *
     * @return the members
     */
    public List<Goroutine> members() {
        return new ArrayList<>(memberSet);
    }

    /**
     * Returns whether {@code g} belongs to this bubble.
     *
     * @param g a goroutine record
     * @return true if a member
     */
    public boolean contains(Goroutine g) {
        return g.bubble == this;
    }

    // ---------------------------------------------------------------------------------------
    // Durable waits (called from Waiter, see note 1)

    /**
     * Returns the bubble in which the wait of {@code g} (the current thread's record, or null)
     * for {@code reason} is durable, or null if the thread is in no bubble or the wait is not
     * durable ({@link WaitReason#durableInBubble()}: the primitives choose a durable reason only
     * for objects of the caller's own bubble). Called by Waiter only while {@link #anyLive()}.
     */
    static Bubble durableWait(Goroutine g, WaitReason reason) {
        if (!reason.durableInBubble()) {
            return null;
        }
        if (g == null) {
            g = Registry.of(Thread.currentThread());
        }
        return g == null ? null : g.bubble;
    }

    /** A member has just parked in a durable wait (after its PARKED CAS). */
    void blocked() {
        EVENTS.getAndAdd(this, 1);
        if ((int) RUNNING.getAndAdd(this, -1) == 1) {
            LockSupport.unpark(driver);
        }
    }

    /** A parked member is about to be made runnable (before the CAS that does it). */
    void unblocking() {
        EVENTS.getAndAdd(this, 1);
        RUNNING.getAndAdd(this, 1);
    }

    // ---------------------------------------------------------------------------------------
    // await() (Go's synctest.Wait)

    /** {@link #await()} returned: every other goroutine of the bubble was durably blocked. */
    public static final int AWAIT_OK = 0;
    /** The caller is in no bubble. */
    public static final int AWAIT_NOT_IN_BUBBLE = 1;
    /** Another goroutine of the bubble is in await(). */
    public static final int AWAIT_IN_PROGRESS = 2;

    /**
     * Blocks the current goroutine until every other goroutine of its bubble is durably
     * blocked (Go's {@code synctest.Wait}).
     *
     * @return {@link #AWAIT_OK}, {@link #AWAIT_NOT_IN_BUBBLE}, {@link #AWAIT_IN_PROGRESS}, or
     *         {@link Outcome#INTERRUPTED} (the interrupt flag is set)
     */
    public static int await() {
        Bubble b = current();
        if (b == null) {
            return AWAIT_NOT_IN_BUBBLE;
        }
        return b.beginAwait();
    }

    private int beginAwait() {
        if (!WAITING.compareAndSet(this, false, true)) {
            return AWAIT_IN_PROGRESS;
        }
        try {
            Waiter w = new Waiter();
            awaiter = w;   // before the park: the driver looks only once running is 0
            int r = w.park(WaitReason.SYNCTEST_WAIT, this);
            AWAITER.compareAndSet(this, w, null);   // the driver cleared it, unless interrupted
            return r == Outcome.INTERRUPTED ? Outcome.INTERRUPTED : AWAIT_OK;
        } finally {
            waiting = false;
        }
    }

    // ---------------------------------------------------------------------------------------
    // The driver

    /**
     * Runs the bubble until every member has exited ({@link Stop#DONE}), or it is deadlocked,
     * or stalled for {@code stallNanos} of real time, or the driver is interrupted. Called by the
     * driver (the creator).
     *
     * @param stallNanos how long the bubble may sit with every member parked and some in waits
     *                   that are not durable before {@link Stop#STALLED} is returned
     * @return why it stopped
     */
    public Stop drive(long stallNanos) {
        long seen = -1;
        long quietSince = System.nanoTime();
        for (;;) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return Stop.INTERRUPTED;
            }
            if (running > 0) {
                LockSupport.parkNanos(this, POLL_NANOS);
                long e = events;
                long now = System.nanoTime();
                if (e != seen) {
                    seen = e;
                    quietSince = now;
                } else if (now - quietSince > stallNanos && allParked()) {
                    return Stop.STALLED;
                }
                continue;
            }
            // running == 0: every member is durably blocked, or none is left (invariants).
            // An await() comes first: Go's Wait returns before time moves.
            Waiter w = awaiter;
            if (w != null) {
                AWAITER.compareAndSet(this, w, null);
                int r = w.tryComplete(0);   // PARKED (running is 0): counts it runnable first
                if (r == Waiter.COMPLETED_MUST_UNPARK) {
                    w.unpark();
                }
                if (r != Waiter.LOST) {
                    continue;
                }
                // LOST: interrupted, it counted itself runnable and is leaving await
            }
            if (members == 0) {
                if (Hooks.SYNC_EVENTS) {
                    Hooks.acquire(this, 0);   // every member's exit (Goroutine.run) happens-before test() returns
                }
                return Stop.DONE;
            }
            Timers t = timers;
            long next = t == null ? Long.MAX_VALUE : t.nextWhen();
            if (next != Long.MAX_VALUE && (next - nowNanos <= 0 || !mainDone)) {
                if (next - nowNanos > 0) {
                    nowNanos = next;   // the only place the clock moves
                }
                t.fireDue(nowNanos);
                continue;
            }
            return Stop.DEADLOCK;
        }
    }

    /** Returns whether every live member is parked in a go4j primitive (needs wait reasons). */
    private boolean allParked() {
        if (!Hooks.WAIT_REASONS) {
            return false;
        }
        for (Goroutine g : memberSet) {
            if (g.waitReason() == null) {
                return false;
            }
        }
        return !memberSet.isEmpty();
    }

    /**
     * Gives up on the bubble: from now on members' panics are ignored, and every member is
     * interrupted so that it ends.
     */
    public void abort() {
        aborting = true;
        for (Goroutine g : memberSet) {
            Thread t = g.thread();
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /**
     * Waits up to {@code nanos} for every member to exit, interrupting again members that are
     * still there; returns whether none is left.
     *
     * @param nanos how long to wait, in real time
     * @return true if every member has exited
     */
    public boolean awaitExit(long nanos) {
        boolean interrupted = Thread.interrupted();   // parkNanos would not wait with the flag set
        try {
            long deadline = System.nanoTime() + nanos;
            while (members > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, POLL_NANOS));
                Thread.interrupted();   // a second interrupt is not a reason to stop waiting
                if (aborting) {
                    abort();   // a member that caught the interrupt and waited again
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the bubble: forgets its associations and stops guarding the non-bubble paths. */
    public void close() {
        driver = null;
        synchronized (ASSOCIATED) {
            ASSOCIATED.values().removeIf(b -> b == this);
        }
        LIVE.getAndAdd(-1);
    }

    @Override
    public String toString() {
        return "synctest bubble " + id;
    }

    /** How often the driver looks at a busy bubble, in real time. Empirical: only bounds stall detection. */
    private static final long POLL_NANOS = 50_000_000L;

    // VarHandle mechanics
    private static final VarHandle LIVE;
    private static final VarHandle MEMBERS;
    private static final VarHandle RUNNING;
    private static final VarHandle EVENTS;
    private static final VarHandle WAITING;
    private static final VarHandle FAILURE;
    private static final VarHandle TIMERS;
    private static final VarHandle AWAITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LIVE = l.findStaticVarHandle(Bubble.class, "live", int.class);
            MEMBERS = l.findVarHandle(Bubble.class, "members", int.class);
            RUNNING = l.findVarHandle(Bubble.class, "running", int.class);
            EVENTS = l.findVarHandle(Bubble.class, "events", long.class);
            WAITING = l.findVarHandle(Bubble.class, "waiting", boolean.class);
            FAILURE = l.findVarHandle(Bubble.class, "failure", Throwable.class);
            TIMERS = l.findVarHandle(Bubble.class, "timers", Timers.class);
            AWAITER = l.findVarHandle(Bubble.class, "awaiter", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
