package io.go4j.race.internal.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;

/**
 * Rt is the race runtime instrumented code calls: one static method per kind of event (a field
 * read or write, an array element load or store, a monitor enter or exit, a thread start or join,
 * a release or acquire at a {@code java.util.concurrent} API boundary), like Go's
 * {@code racereadpc}/{@code racewritepc}/{@code raceacquire}/{@code racerelease}.
 *
 * <p>Where each call is placed, so that an edge is never modelled later than it happens: reads
 * and acquires are reported just after the instruction, writes and releases just before it. A
 * volatile read reported before the read could miss the write it reads from (a false race); after
 * it, the write's release is already recorded.
 *
 * <p>These methods are public because instrumented classes, in any package, call them; they are
 * not an API.
 */
public final class Rt {
    /*
     * Implementation notes.
     *
     * The current thread's state comes from a ThreadLocal (one lookup per access); a state made
     * by a parent for its child (Thread.start, go()) waits in THREADS, keyed by the child's
     * Thread, until the child's first access.
     *
     * 1. Where an object's shadow is. The agent adds a private transient synthetic field,
     *    $go4jRaceShadow, to each class it instruments for accesses (not interfaces nor records),
     *    and to go4j's own classes (Options.shadowFieldOnly), whose objects are the points of
     *    go4j's events: a channel send found its clocks in the weak identity map before, an
     *    identity hash and a segment lock per event. shadow() finds a class's field through a
     *    ClassValue (by reflection, once per class: the most derived instrumented class's, so
     *    that every access to one object uses the same), reads it with acquire, and publishes a
     *    new shadow with a CAS: no map lookup, no lock, and no map entry (a weak reference) per
     *    object. Arrays, and objects of classes without the field (the JDK's, used as monitors,
     *    atomics, queues; go4j's loaded before the agent's transformer), keep the weak identity
     *    map SHADOWS. Tempting and wrong: an interface with an accessor, or a static
     *    initialiser registering the field; public methods, new interfaces and a new <clinit>
     *    all change a Serializable class's default serialVersionUID, a private transient field
     *    does not.
     * 2. The same-epoch check without the lock (FastTrack's READ SAME EPOCH and WRITE SAME EPOCH,
     *    most accesses): a read whose location's last read is the current thread's current epoch
     *    e (a write: last write) returns before taking the shadow's lock. Why it is sound:
     *    - only this thread makes epoch e (its slot is its own, and a slot's clock is monotonic
     *      across owners), so reading e, even stale, means this thread did record an access in e;
     *    - another thread cannot be ordered after that access while e is current (it would need
     *      a release of this thread after the access, and a release ticks: a new epoch), so any
     *      conflicting access since then found it unordered and was reported, or (a read) turned
     *      the reads into a vector that still holds e: the state already says what this access
     *      would add;
     *    - what a stale read can lose is a second report for a location two threads access at
     *      the same instant (the first was made): a missed report, never a false one.
     *    The check reads a location's clock and record under its lock's stamp (RtLock, Shadow's
     *    invariants), so it never acts on a half-made state or an epoch torn between two updates.
     *    ShadowFastPathTest races many threads on one field, with and without edges.
     */

    /** The synchronisation point of an object's monitor. */
    static final long MONITOR = Long.MIN_VALUE;
    /** The synchronisation point of an object's API edges (atomics, locks, queues, futures...). */
    static final long API = Long.MIN_VALUE + 1;
    /** The synchronisation point of an object as a concurrent queue's element (put before take). */
    static final long ELEMENT = Long.MIN_VALUE + 2;

    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();
    private static final WeakIdentityMap<ThreadState> THREADS = new WeakIdentityMap<>();
    private static final WeakIdentityMap<Shadow> SHADOWS = new WeakIdentityMap<>();
    private static final WeakIdentityMap<java.lang.ref.WeakReference<Object>> ALIASES = new WeakIdentityMap<>();
    private static volatile long mainThreadId = -1;

    /**
     * Whether a class is one of java.util.concurrent's (or extends or implements one): API edges
     * are modelled on those only, so that a plain {@code HashMap} reached through {@code Map.put}
     * or an {@code ArrayDeque} through {@code Queue.offer} gets no invented edge.
     */
    private static final ClassValue<Boolean> CONCURRENT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().startsWith("java.util.concurrent.") || c.getName().startsWith("java.lang.invoke.VarHandle")
                        || c.getName().startsWith("java.util.Collections$Synchronized")) {
                    return true;
                }
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().startsWith("java.util.concurrent.") || get(i)) {
                        return true;
                    }
                }
            }
            return false;
        }
    };

    private Rt() {}

    /**
     * Records which thread is the main goroutine (the one running premain).
     *
     * @param id its thread id
     */
    public static void mainThread(long id) {
        mainThreadId = id;
    }

    // ---------------------------------------------------------------------------------------
    // Memory accesses

    /**
     * After {@code GETFIELD}: a read of a field of {@code o}.
     *
     * @param o    the object
     * @param site the access site
     */
    public static void getField(Object o, int site) {
        Sites.Site s = Sites.get(site);
        FieldKey f = s.field;
        if (f == null) {
            f = s.resolveInstance(o.getClass());
        }
        if (f.isFinal) {
            return;
        }
        ThreadState t = current();
        ShadowField sf = SHADOW_FIELD.get(o.getClass());
        Shadow sh = shadow(o, sf);
        int index = sf.layout.index(f);
        int b = VarState.WORDS * index;
        if (sh.fieldSameEpoch(t, b + 1)) {
            return;   // READ SAME EPOCH, without the lock (implementation note 2)
        }
        SyncVar sync;
        sh.lock();
        try {
            int[] clocks = sh.fieldClocks(index, sf.layout.size());
            if (!f.isVolatile) {
                Detector.read(t, clocks, sh.fieldAts(), b, site, f, 0);
                return;
            }
            sync = sh.fieldSync(b);
        } finally {
            sh.unlock();
        }
        sync.acquireInto(t);
    }

    /**
     * Before {@code PUTFIELD}: a write of a field of {@code o}.
     *
     * @param o    the object (null: the instruction throws, nothing to check)
     * @param site the access site
     */
    public static void putField(Object o, int site) {
        if (o == null) {
            return;
        }
        Sites.Site s = Sites.get(site);
        FieldKey f = s.field;
        if (f == null) {
            f = s.resolveInstance(o.getClass());
        }
        if (f.isFinal) {
            return;
        }
        ThreadState t = current();
        ShadowField sf = SHADOW_FIELD.get(o.getClass());
        Shadow sh = shadow(o, sf);
        int index = sf.layout.index(f);
        int b = VarState.WORDS * index;
        if (sh.fieldSameEpoch(t, b)) {
            return;   // WRITE SAME EPOCH, without the lock (implementation note 2)
        }
        SyncVar sync;
        sh.lock();
        try {
            int[] clocks = sh.fieldClocks(index, sf.layout.size());
            if (!f.isVolatile) {
                Detector.write(t, clocks, sh.fieldAts(), b, site, f, 0);
                return;
            }
            sync = sh.fieldSync(b);
        } finally {
            sh.unlock();
        }
        release(sync, t);
    }

    /**
     * After {@code GETSTATIC}: a read of a static field.
     *
     * @param site the access site
     */
    public static void getStatic(int site) {
        Sites.Site s = Sites.get(site);
        FieldKey f = s.field;
        if (f == null) {
            f = s.resolveStatic();
        }
        if (f.isFinal) {
            return;
        }
        ThreadState t = current();
        if (f.isVolatile) {
            f.staticSync.acquireInto(t);
            return;
        }
        if (f.staticSameEpoch(t, 1)) {
            return;   // READ SAME EPOCH (implementation note 2)
        }
        f.lock();
        try {
            Detector.read(t, f.staticClocks, f.staticAts, 0, site, f, 0);
        } finally {
            f.unlock();
        }
    }

    /**
     * Before {@code PUTSTATIC}: a write of a static field.
     *
     * @param site the access site
     */
    public static void putStatic(int site) {
        Sites.Site s = Sites.get(site);
        FieldKey f = s.field;
        if (f == null) {
            f = s.resolveStatic();
        }
        if (f.isFinal) {
            return;
        }
        ThreadState t = current();
        if (f.isVolatile) {
            release(f.staticSync, t);
            return;
        }
        if (f.staticSameEpoch(t, 0)) {
            return;   // WRITE SAME EPOCH (implementation note 2)
        }
        f.lock();
        try {
            Detector.write(t, f.staticClocks, f.staticAts, 0, site, f, 0);
        } finally {
            f.unlock();
        }
    }

    /**
     * Before {@code xALOAD}: a read of element {@code i} of {@code array}.
     *
     * @param array the array (null: the instruction throws)
     * @param i     the index (out of bounds: the instruction throws)
     * @param site  the access site
     */
    public static void arrayLoad(Object array, int i, int site) {
        element(array, i, site, false);
    }

    /**
     * Before {@code xASTORE}: a write of element {@code i} of {@code array}.
     *
     * @param array the array (null: the instruction throws)
     * @param i     the index (out of bounds: the instruction throws)
     * @param site  the access site
     */
    public static void arrayStore(Object array, int i, int site) {
        element(array, i, site, true);
    }

    private static void element(Object array, int i, int site, boolean write) {
        if (array == null) {
            return;
        }
        int n = Array.getLength(array);
        if (i < 0 || i >= n) {
            return;
        }
        ThreadState t = current();
        Shadow sh = shadow(array);
        int b = Shadow.elementWord(i) + (write ? 0 : 1);
        if (sh.elementSameEpoch(t, i, b)) {
            return;   // SAME EPOCH (implementation note 2)
        }
        sh.lock();
        try {
            Shadow.Page pg = sh.page(i, n);
            if (write) {
                Detector.write(t, pg.clocks, pg.ats, b, site, array, i);
            } else {
                Detector.read(t, pg.clocks, pg.ats, b - 1, site, array, i);
            }
        } finally {
            sh.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // The call-site stack (history for "Previous ... at" frames, bounded by history_size: CallNode)

    /**
     * Before a call at {@code site}: the current thread enters it.
     *
     * @param site the call site
     */
    public static void push(int site) {
        ThreadState t = current();
        CallNode n = t.node;
        if (t.overflow > 0 || n.depth >= CallNode.MAX_DEPTH) {
            t.overflow++;
        } else {
            t.node = CallNode.enter(n, site);
        }
    }

    /** After a call returns normally: the current thread leaves it. */
    public static void pop() {
        ThreadState t = current();
        if (t.overflow > 0) {
            t.overflow--;
        } else if (t.node.parent != null) {
            t.node = t.node.parent;
        }
    }

    /**
     * At the start of an exception handler of method {@code methodKey}: the calls the exception
     * left without returning are left. Pops to just above the innermost call made from that
     * method, if the chain has one; if not, the exception was thrown by the method's own code and
     * nothing is popped. (A recursive method catching its own throw pops one call too many: the
     * frames of a later report are then one short, nothing worse.)
     *
     * @param methodKey the handling method's key
     */
    public static void unwind(int methodKey) {
        ThreadState t = current();
        t.overflow = 0;
        for (CallNode n = t.node; n != null && n != CallNode.ROOT; n = n.parent) {
            if (Sites.get(n.site).methodKey == methodKey) {
                t.node = n.parent;
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Synchronisation the JVM gives

    /**
     * After {@code MONITORENTER} (or on entry to a synchronized method): acquires {@code o}'s monitor.
     *
     * @param o the monitor's object
     */
    public static void monitorEnter(Object o) {
        acquire(o, MONITOR);
    }

    /**
     * Before {@code MONITOREXIT} (or on exit from a synchronized method): releases {@code o}'s monitor.
     *
     * @param o the monitor's object
     */
    public static void monitorExit(Object o) {
        release(o, MONITOR);
    }

    /**
     * Before a call of {@code start()} on {@code o}: if it starts a thread, everything before in
     * the current thread happens-before the new thread's run.
     *
     * @param o the receiver of a {@code start()} call
     */
    public static void threadStart(Object o) {
        if (o instanceof Thread th && th.getState() == Thread.State.NEW && THREADS.get(th) == null) {
            ThreadState parent = current();
            ThreadState child = new ThreadState(th, false, Reporter.creation(parent), false);
            child.vc = parent.vc.clone();   // its slot comes at its first event (Slots' note 1)
            THREADS.put(th, child);
            parent.tick();
        }
    }

    /**
     * After a call of {@code join(...)} on {@code o}: if a thread has ended, everything it did
     * happens-before now.
     *
     * @param o the receiver of a {@code join} call
     */
    public static void threadJoined(Object o) {
        if (o instanceof Thread th && !th.isAlive()) {
            ThreadState child = THREADS.get(th);
            if (child != null) {
                child.finished = true;
                current().join(child.vc);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // java.util.concurrent at its API boundary (Intercepts)

    /**
     * Before an API call that publishes: the current thread releases {@code o}'s API point.
     *
     * @param o the receiver (null: the call throws)
     */
    public static void apiRelease(Object o) {
        if (o != null && CONCURRENT.get(o.getClass())) {
            release(syncObject(o), API);
        }
    }

    /**
     * After an API call that observes: the current thread acquires {@code o}'s API point.
     *
     * @param o the receiver
     */
    public static void apiAcquire(Object o) {
        if (o != null && CONCURRENT.get(o.getClass())) {
            acquire(syncObject(o), API);
        }
    }

    /**
     * Before a call that inserts {@code element} into {@code queue}: the current thread's past is
     * published to whoever takes or sees that element, and to the queue's bulk views.
     *
     * @param queue   the receiver
     * @param element the element (null: the call throws)
     */
    public static void elementPut(Object queue, Object element) {
        if (queue != null && CONCURRENT.get(queue.getClass())) {
            if (element != null) {
                release(element, ELEMENT);
            }
            release(syncObject(queue), API);
        }
    }

    /**
     * Before {@code queue.addAll(elements)}: {@link #elementPut} for each element.
     *
     * @param queue    the receiver
     * @param elements the elements (not a collection: the call throws)
     */
    public static void elementsPut(Object queue, Object elements) {
        if (queue != null && CONCURRENT.get(queue.getClass()) && elements instanceof java.util.Collection<?> c) {
            for (Object e : c.toArray()) {
                if (e != null) {
                    release(e, ELEMENT);
                }
            }
            release(syncObject(queue), API);
        }
    }

    /**
     * After a call that took or looked at {@code element} of {@code queue}: what was done before
     * it was put happens-before now.
     *
     * @param queue   the receiver
     * @param element what the call returned (null: nothing taken)
     */
    public static void elementTaken(Object queue, Object element) {
        if (element != null && queue != null && CONCURRENT.get(queue.getClass())) {
            acquire(element, ELEMENT);
        }
    }

    // Parallel streams: the caller's past before every function of a parallel stream, every
    // function's end before the caller's next stream call returns. Two tokens, so that the
    // functions (run on several workers) get no edges among themselves: a race between two of
    // them is still seen. Global, not per pipeline: calls on unrelated parallel streams by
    // different threads get edges they do not have (missed races, never false ones).
    private static final Object STREAM_START = new Object();
    private static final Object STREAM_END = new Object();

    private static boolean parallel(Object stream) {
        try {
            return stream instanceof java.util.stream.BaseStream<?, ?> s && s.isParallel();
        } catch (IllegalStateException consumed) {
            return false;
        }
    }

    /**
     * Before a call on a stream: if it is parallel, the current thread's past is published to
     * the stream's functions.
     *
     * @param stream the receiver
     */
    public static void streamRelease(Object stream) {
        if (parallel(stream)) {
            release(STREAM_START, API);
        }
    }

    /**
     * After a call on a stream: if it is parallel, the ends of the functions run so far happen
     * before what the current thread does next.
     *
     * @param stream the receiver
     */
    public static void streamAcquire(Object stream) {
        if (parallel(stream)) {
            acquire(STREAM_END, API);
        }
    }

    /**
     * Wraps a function passed to a parallel stream so that it acquires the callers' past when it
     * starts and publishes its end when it returns.
     *
     * @param stream the receiver of the call
     * @param fn     the function (any functional interface)
     * @param type   its interface
     * @return {@code fn}, or its wrapper for a parallel stream
     */
    public static Object streamFunction(Object stream, Object fn, Class<?> type) {
        return streamFunction(stream, fn, type, false);
    }

    /**
     * As {@link #streamFunction(Object, Object, Class)} for a combiner (the last function of a
     * three-argument {@code collect} or {@code reduce}): it merges what other functions made, so
     * it also starts after the ends of the functions run so far.
     *
     * @param stream the receiver of the call
     * @param fn     the function
     * @param type   its interface
     * @return {@code fn}, or its wrapper for a parallel stream
     */
    public static Object streamCombiner(Object stream, Object fn, Class<?> type) {
        return streamFunction(stream, fn, type, true);
    }

    private static Object streamFunction(Object stream, Object fn, Class<?> type, boolean combiner) {
        if (fn == null || !type.isInterface() || !parallel(stream)) {
            return fn;
        }
        if (type == java.util.stream.Collector.class) {
            return collector(stream, (java.util.stream.Collector<?, ?, ?>) fn);
        }
        java.lang.reflect.InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(fn, args);
            }
            acquire(STREAM_START, API);
            if (combiner) {
                acquire(STREAM_END, API);
            }
            try {
                return method.invoke(fn, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            } finally {
                release(STREAM_END, API);
            }
        };
        return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /**
     * A Collector whose functions (supplier, accumulator, combiner, finisher) are wrapped as
     * {@link #streamFunction} wraps a stream's own: they run on the stream's workers; the
     * combiner and finisher as combiners.
     */
    private static Object collector(Object stream, java.util.stream.Collector<?, ?, ?> c) {
        java.lang.reflect.InvocationHandler h = (proxy, method, args) -> {
            Object r;
            try {
                r = method.invoke(c, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
            Class<?> type = method.getReturnType();
            return method.getDeclaringClass() == Object.class || type == java.util.Set.class
                    ? r : streamFunction(stream, r, type, !method.getName().equals("supplier")
                            && !method.getName().equals("accumulator"));
        };
        return java.lang.reflect.Proxy.newProxyInstance(java.util.stream.Collector.class.getClassLoader(),
                new Class<?>[] {java.util.stream.Collector.class}, h);
    }

    /**
     * Makes {@code part}'s API edges those of {@code whole}: a Condition's await releases and
     * re-acquires its Lock; a ReentrantReadWriteLock's read and write locks are one lock.
     *
     * @param part  the object calls are made on
     * @param whole the object whose synchronisation point they use
     */
    static void alias(Object part, Object whole) {
        ALIASES.put(part, new java.lang.ref.WeakReference<>(whole));
    }

    private static Object syncObject(Object o) {
        for (int i = 0; i < 4; i++) {   // a view of a view (a StampedLock's ReadWriteLock's read lock)
            java.lang.ref.WeakReference<Object> w = ALIASES.get(o);
            Object whole = w == null ? null : w.get();
            if (whole == null) {
                return o;
            }
            o = whole;
        }
        return o;
    }

    // ---------------------------------------------------------------------------------------
    // Threads and synchronisation points (also used by GoEvents and Intercepts)

    /** Returns the current thread's attached state. */
    static ThreadState current() {
        ThreadState t = CURRENT.get();
        if (t == null || t.slot < 0 || t.preempted) {
            t = attachCurrent(t);
        }
        return t;
    }

    private static ThreadState attachCurrent(ThreadState known) {
        Thread th = Thread.currentThread();
        ThreadState t = known != null ? known : THREADS.get(th);
        if (t == null) {
            t = new ThreadState(th, th.threadId() == mainThreadId, Reporter.Creation.NONE, false);
            THREADS.put(th, t);
        }
        t.lock();
        try {
                if (t.slot < 0 || t.preempted) {
                    Slots.attach(t, t.vc);
                }
        } finally {
            t.unlock();
        }
        CURRENT.set(t);
        return t;
    }

    /** Returns the state of {@code th} (not necessarily the current thread), making one if needed. */
    static ThreadState stateOf(Thread th) {
        if (th == Thread.currentThread()) {
            return current();
        }
        ThreadState t = THREADS.computeIfAbsent(th, k -> new ThreadState((Thread) k, false, Reporter.Creation.NONE, false));
        t.lock();
        try {
                if (t.slot < 0 || t.preempted) {
                    Slots.attach(t, t.vc);
                }
        } finally {
            t.unlock();
        }
        return t;
    }

    /** Makes the state of a child thread, started by the current thread, managed: its end is reported. */
    static ThreadState createChild(Thread child) {
        ThreadState parent = current();
        ThreadState c = new ThreadState(child, false, Reporter.creation(parent), true);
        c.vc = parent.vc.clone();   // its slot comes at its first event (Slots' note 1)
        THREADS.put(child, c);
        parent.tick();
        return c;
    }

    /** Binds a state made elsewhere to the current thread (a wrapped task's thread). */
    static void bindCurrent(ThreadState t) {
        THREADS.put(Thread.currentThread(), t);
        CURRENT.set(t);
    }

    /** Ends {@code t}: its slot is freed; its clock stays for joins. */
    static void exit(ThreadState t) {
        t.finished = true;
        Slots.detach(t);
    }

    static SyncVar sync(Object o, long slot) {
        Shadow sh = shadow(o);
        sh.lock();
        try {
                return sh.sync(slot);
        } finally {
            sh.unlock();
        }
    }

    static void acquire(Object o, long slot) {
        sync(o, slot).acquireInto(current());
    }

    static void release(Object o, long slot) {
        release(sync(o, slot), current());
    }

    static void release(SyncVar v, ThreadState t) {
        v.releaseMerge(t);
        t.tick();
    }

    /**
     * Returns {@code o}'s shadow: from the field the agent added to its class (implementation
     * note 1), made and published with a CAS on first use; for arrays and objects of classes
     * not instrumented, from the weak identity map.
     */
    private static Shadow shadow(Object o) {
        return shadow(o, SHADOW_FIELD.get(o.getClass()));
    }

    private static Shadow shadow(Object o, ShadowField sf) {
        VarHandle field = sf.handle;
        if (field == null) {
            return SHADOWS.computeIfAbsent(o, k -> new Shadow());
        }
        Shadow sh = (Shadow) field.getAcquire(o);
        if (sh == null) {
            Shadow made = new Shadow();
            sh = (Shadow) field.compareAndExchangeRelease(o, (Shadow) null, made);
            if (sh == null) {
                sh = made;
            }
        }
        return sh;
    }

    /**
     * A class's shadow field, its own or its nearest instrumented superclass's, or none; and the
     * layout of its objects' shadows (the index of each field in them).
     */
    private record ShadowField(VarHandle handle, Shadow.Layout layout) {}

    /**
     * The shadow field of each class: its own, or its nearest superclass's (a class the agent did
     * not instrument may extend one it did). Found by reflection once per class; the agent opened
     * the class's package to itself if the class is in a named module.
     */
    private static final ClassValue<ShadowField> SHADOW_FIELD = new ClassValue<>() {
        @Override
        protected ShadowField computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && !c.isArray(); c = c.getSuperclass()) {
                try {
                    c.getDeclaredField(SHADOW_FIELD_NAME);
                } catch (NoSuchFieldException absent) {
                    continue;
                }
                try {
                    return new ShadowField(MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                            .findVarHandle(c, SHADOW_FIELD_NAME, Object.class), new Shadow.Layout());
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("go4j-race: no access to " + c.getName() + "." + SHADOW_FIELD_NAME, e);
                }
            }
            return new ShadowField(null, new Shadow.Layout());
        }
    };

    /** The name of the field the agent adds to each instrumented class (private, transient, synthetic). */
    public static final String SHADOW_FIELD_NAME = "$go4jRaceShadow";


    /**
     * Returns how many vector-clock slots are attached now (for tests: slots are reused).
     *
     * @return the count
     */
    public static int slotsInUse() {
        return Slots.inUse();
    }

    /**
     * Returns how many slots there are at most.
     *
     * @return the fixed number of slots
     */
    public static int slotCount() {
        return Slots.SLOTS;
    }

    /**
     * Returns how many times a live thread's slot was taken for another.
     *
     * @return the count
     */
    public static long slotPreemptions() {
        return Slots.preemptions();
    }

    /**
     * Returns how many slots were ever made.
     *
     * @return the count
     */
    public static int slotsCreated() {
        return Slots.created();
    }
}
