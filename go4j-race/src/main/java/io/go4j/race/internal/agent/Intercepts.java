package io.go4j.race.internal.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Intercepts is the call-site table: which calls of application code to the JDK are
 * synchronisation, and how the agent rewrites each. One general mechanism, three kinds of entry:
 * <ul>
 *   <li>{@link Kind#PUT}, {@link Kind#PUT_ALL}, {@link Kind#TAKE}: a concurrent queue's element
 *       (or a collection's elements) is released before the call that inserts it, and the one
 *       a call returns is acquired after it ({@code Rt.elementPut/elementsPut/elementTaken});</li>
 *   <li>{@link Kind#STAGE}: a call on a {@code CompletionStage}: its functions and stage
 *       arguments are wrapped, and the stage it returns linked ({@code Stages});</li>
 *   <li>{@link Kind#ACQUIRE}, {@link Kind#RELEASE}, {@link Kind#BOTH}: the call stays; the
 *       receiver's API point is released before it and/or acquired after it
 *       ({@code Rt.apiRelease/apiAcquire}), e.g. {@code AtomicInteger.set} releases,
 *       {@code get} acquires, {@code compareAndSet} does both;</li>
 *   <li>{@link Kind#NONE}: a call of an owner with a default entry that is not synchronisation
 *       (a VarHandle's plain {@code get});</li>
 *   <li>{@link Kind#STREAM}: a call on a stream: if it is parallel, the caller's past happens-before
 *       the functions it passes (wrapped), and their ends before the call's return;</li>
 *   <li>{@link Kind#REPLACE}: the call becomes a call of the same-named method of
 *       {@code io.go4j.race.internal.rt.Tasks}, taking the receiver first, which wraps the task
 *       handed to another thread (executors, virtual-thread starts, async futures).</li>
 * </ul>
 * Matching is by the owner the instruction names (its static type) and the method's name (and
 * descriptor for replacements); entries for the owner {@code *} match any owner, by name and
 * descriptor (a {@code ForkJoinTask}'s methods called through the application's subclass). Calls through a supertype the table does not list are missed:
 * a missed edge can only cause a false report, so the table lists the interfaces too.
 */
final class Intercepts {
    /** What is done at a call site. */
    enum Kind { ACQUIRE, RELEASE, BOTH, REPLACE, NONE, STREAM, STAGE, PUT, PUT_ALL, TAKE }

    /** One entry: the kind, and for {@link Kind#REPLACE} the descriptor of the Tasks method. */
    record Action(Kind kind, String wrapperDesc) {}

    private static final Map<String, Action> TABLE = new HashMap<>();   // "owner.name" or "owner.name desc"

    private static final String JUC = "java/util/concurrent/";
    private static final Set<String> READS = Set.of("get", "getPlain", "getOpaque", "getAcquire", "intValue",
            "longValue", "doubleValue", "floatValue", "toString", "sum", "sumThenReset", "length");
    private static final Set<String> WRITES = Set.of("set", "lazySet", "setPlain", "setOpaque", "setRelease",
            "add", "increment", "decrement", "reset");

    static {
        // Atomics: reads acquire, writes release, read-modify-writes do both.
        for (String a : List.of("AtomicInteger", "AtomicLong", "AtomicBoolean", "AtomicReference",
                "AtomicIntegerArray", "AtomicLongArray", "AtomicReferenceArray", "LongAdder", "DoubleAdder",
                "LongAccumulator", "DoubleAccumulator", "AtomicStampedReference", "AtomicMarkableReference")) {
            String owner = JUC + "atomic/" + a;
            TABLE.put(owner + ".*", new Action(Kind.BOTH, null));
            READS.forEach(m -> TABLE.put(owner + "." + m, new Action(Kind.ACQUIRE, null)));
            WRITES.forEach(m -> TABLE.put(owner + "." + m, new Action(Kind.RELEASE, null)));
        }
        // VarHandles by access mode: plain and opaque accesses give no edge (JLS 17 gives them none);
        // acquire/volatile reads acquire, release/volatile writes release, read-modify-writes both.
        // Coarse: the edge is per VarHandle, not per (object, field) it reaches.
        String vh = "java/lang/invoke/VarHandle";
        TABLE.put(vh + ".*", new Action(Kind.BOTH, null));
        acquire(vh, "getAcquire", "getVolatile");
        release(vh, "setRelease", "setVolatile");
        for (String plain : List.of("get", "set", "getOpaque", "setOpaque", "varType", "coordinateTypes",
                "accessModeType", "isAccessModeSupported", "toMethodHandle", "describeConstable",
                "hasInvokeExactBehavior", "withInvokeExactBehavior", "withInvokeBehavior", "toString")) {
            TABLE.put(vh + "." + plain, new Action(Kind.NONE, null));
        }
        // Streams: on a parallel stream, the functions run on ForkJoin workers, forked and joined
        // inside the JDK.
        for (String s : List.of("Stream", "IntStream", "LongStream", "DoubleStream", "BaseStream")) {
            TABLE.put("java/util/stream/" + s + ".*", new Action(Kind.STREAM, null));
        }
        // Locks.
        for (String l : List.of("locks/Lock", "locks/ReentrantLock", "locks/ReentrantReadWriteLock$WriteLock",
                "locks/ReentrantReadWriteLock$ReadLock")) {
            acquire(JUC + l, "lock", "lockInterruptibly", "tryLock");
            release(JUC + l, "unlock");
        }
        // A Condition's await gives up its lock and takes it back (Tasks.newCondition links them);
        // a ReentrantReadWriteLock's two sides are one lock (Tasks.readLock/writeLock).
        for (String l : List.of("locks/Lock", "locks/ReentrantLock", "locks/ReentrantReadWriteLock$WriteLock")) {
            replace(JUC + l, "newCondition", "(Ljava/util/concurrent/locks/Lock;)Ljava/util/concurrent/locks/Condition;",
                    "()Ljava/util/concurrent/locks/Condition;");
        }
        both(JUC + "locks/Condition", "await", "awaitNanos", "awaitUninterruptibly", "awaitUntil");
        for (String rw : List.of("locks/ReadWriteLock", "locks/ReentrantReadWriteLock")) {
            String owner = JUC + rw;
            TABLE.put(owner + ".readLock ()Ljava/util/concurrent/locks/Lock;", new Action(Kind.REPLACE,
                    "readLock (Ljava/util/concurrent/locks/ReadWriteLock;)Ljava/util/concurrent/locks/Lock;"));
            TABLE.put(owner + ".writeLock ()Ljava/util/concurrent/locks/Lock;", new Action(Kind.REPLACE,
                    "writeLock (Ljava/util/concurrent/locks/ReadWriteLock;)Ljava/util/concurrent/locks/Lock;"));
            TABLE.put(owner + ".readLock ()Ljava/util/concurrent/locks/ReentrantReadWriteLock$ReadLock;",
                    new Action(Kind.REPLACE, "readLock (Ljava/util/concurrent/locks/ReentrantReadWriteLock;)"
                            + "Ljava/util/concurrent/locks/ReentrantReadWriteLock$ReadLock;"));
            TABLE.put(owner + ".writeLock ()Ljava/util/concurrent/locks/ReentrantReadWriteLock$WriteLock;",
                    new Action(Kind.REPLACE, "writeLock (Ljava/util/concurrent/locks/ReentrantReadWriteLock;)"
                            + "Ljava/util/concurrent/locks/ReentrantReadWriteLock$WriteLock;"));
        }
        // Latches, barriers, semaphores, phasers, exchangers.
        release(JUC + "CountDownLatch", "countDown");
        acquire(JUC + "CountDownLatch", "await", "getCount");
        both(JUC + "CyclicBarrier", "await");
        release(JUC + "Semaphore", "release");
        acquire(JUC + "Semaphore", "acquire", "acquireUninterruptibly", "tryAcquire");
        release(JUC + "Phaser", "arrive", "arriveAndDeregister");
        both(JUC + "Phaser", "arriveAndAwaitAdvance", "awaitAdvance", "awaitAdvanceInterruptibly");
        both(JUC + "Exchanger", "exchange");
        // Queues: what is put before an element is published to whoever takes or sees THAT element
        // (the package's "Memory Consistency Properties"), not to every later take; a bulk view
        // (size, iterator, drainTo...) acquires what every put so far published.
        for (String q : List.of("java/util/Queue", "java/util/Deque", JUC + "BlockingQueue", JUC + "BlockingDeque",
                JUC + "TransferQueue", JUC + "LinkedBlockingQueue", JUC + "ArrayBlockingQueue",
                JUC + "LinkedBlockingDeque", JUC + "SynchronousQueue", JUC + "LinkedTransferQueue",
                JUC + "PriorityBlockingQueue", JUC + "DelayQueue", JUC + "ConcurrentLinkedQueue",
                JUC + "ConcurrentLinkedDeque")) {
            kind(Kind.PUT, q, "put", "offer", "add", "transfer", "tryTransfer", "offerFirst", "offerLast",
                    "putFirst", "putLast", "addFirst", "addLast", "push");
            kind(Kind.PUT_ALL, q, "addAll");
            kind(Kind.TAKE, q, "take", "poll", "remove", "peek", "element", "pollFirst", "pollLast", "takeFirst",
                    "takeLast", "peekFirst", "peekLast", "pop", "removeFirst", "removeLast", "getFirst", "getLast");
            acquire(q, "drainTo", "isEmpty", "size", "contains", "iterator", "forEach", "toArray", "stream",
                    "removeFirstOccurrence", "removeLastOccurrence", "removeIf", "removeAll", "retainAll");
        }
        // Concurrent maps: an update publishes what was stored; a lookup observes it.
        for (String m : List.of("java/util/Map", JUC + "ConcurrentMap", JUC + "ConcurrentHashMap",
                JUC + "ConcurrentNavigableMap", JUC + "ConcurrentSkipListMap")) {
            both(m, "put", "putIfAbsent", "putAll", "compute", "computeIfAbsent", "computeIfPresent", "merge",
                    "replace", "replaceAll", "remove", "clear");
            acquire(m, "get", "getOrDefault", "containsKey", "containsValue", "keySet", "values", "entrySet",
                    "forEach", "size", "isEmpty");
        }
        // Futures: completing publishes, observing the result acquires.
        for (String f : List.of(JUC + "Future", JUC + "FutureTask", JUC + "CompletableFuture", JUC + "ScheduledFuture",
                JUC + "RunnableFuture", JUC + "RunnableScheduledFuture",
                JUC + "CompletionStage", JUC + "ForkJoinTask")) {
            acquire(f, "get", "join", "getNow", "resultNow", "exceptionNow", "isDone", "state");
            release(f, "complete", "completeExceptionally", "obtrudeValue", "obtrudeException", "cancel");
        }
        // Executors: every task's end happens-before close/awaitTermination/invokeAll's return.
        for (String e : List.of(JUC + "Executor", JUC + "ExecutorService", JUC + "AbstractExecutorService",
                JUC + "ScheduledExecutorService",
                JUC + "ThreadPoolExecutor", JUC + "ScheduledThreadPoolExecutor", JUC + "ForkJoinPool")) {
            acquire(e, "close", "awaitTermination", "invokeAny");
            replace(e, "invokeAll", "(Ljava/util/concurrent/ExecutorService;Ljava/util/Collection;)Ljava/util/List;",
                    "(Ljava/util/Collection;)Ljava/util/List;");
            replace(e, "invokeAll", "(Ljava/util/concurrent/ExecutorService;Ljava/util/Collection;"
                    + "JLjava/util/concurrent/TimeUnit;)Ljava/util/List;",
                    "(Ljava/util/Collection;JLjava/util/concurrent/TimeUnit;)Ljava/util/List;");
            replace(e, "execute", "(Ljava/util/concurrent/Executor;Ljava/lang/Runnable;)V", "(Ljava/lang/Runnable;)V");
            replace(e, "submit", "(Ljava/util/concurrent/ExecutorService;Ljava/lang/Runnable;)Ljava/util/concurrent/Future;",
                    "(Ljava/lang/Runnable;)Ljava/util/concurrent/Future;");
            replace(e, "submit", "(Ljava/util/concurrent/ExecutorService;Ljava/util/concurrent/Callable;)"
                    + "Ljava/util/concurrent/Future;", "(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Future;");
            replace(e, "submit", "(Ljava/util/concurrent/ExecutorService;Ljava/lang/Runnable;Ljava/lang/Object;)"
                    + "Ljava/util/concurrent/Future;", "(Ljava/lang/Runnable;Ljava/lang/Object;)Ljava/util/concurrent/Future;");
        }
        for (String e : List.of(JUC + "ScheduledExecutorService", JUC + "ScheduledThreadPoolExecutor")) {
            String se = "(Ljava/util/concurrent/ScheduledExecutorService;";
            String sf = "JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;";
            replace(e, "schedule", se + "Ljava/lang/Runnable;" + sf, "(Ljava/lang/Runnable;" + sf);
            replace(e, "schedule", se + "Ljava/util/concurrent/Callable;" + sf, "(Ljava/util/concurrent/Callable;" + sf);
            // A periodic task: the schedule call before the first run, each run before the next.
            String periodic = "Ljava/lang/Runnable;JJLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;";
            replace(e, "scheduleAtFixedRate", se + periodic, "(" + periodic);
            replace(e, "scheduleWithFixedDelay", se + periodic, "(" + periodic);
        }
        // Threads handed a task: the start is the edge (Thread.start itself is matched by name).
        replaceStatic("java/lang/Thread", "startVirtualThread", "(Ljava/lang/Runnable;)Ljava/lang/Thread;");
        for (String b : List.of("java/lang/Thread$Builder", "java/lang/Thread$Builder$OfVirtual",
                "java/lang/Thread$Builder$OfPlatform")) {
            TABLE.put(b + ".start (Ljava/lang/Runnable;)Ljava/lang/Thread;", new Action(Kind.REPLACE,
                    "builderStart (Ljava/lang/Thread$Builder;Ljava/lang/Runnable;)Ljava/lang/Thread;"));
        }
        replace("java/lang/Thread", "join", "(Ljava/lang/Thread;J)V", "(J)V");
        replace("java/lang/Thread", "join", "(Ljava/lang/Thread;Ljava/time/Duration;)Z", "(Ljava/time/Duration;)Z");
        String cf = JUC + "CompletableFuture";
        replaceStatic(cf, "supplyAsync", "(Ljava/util/function/Supplier;)L" + cf + ";");
        replaceStatic(cf, "supplyAsync", "(Ljava/util/function/Supplier;Ljava/util/concurrent/Executor;)L" + cf + ";");
        replaceStatic(cf, "runAsync", "(Ljava/lang/Runnable;)L" + cf + ";");
        replaceStatic(cf, "runAsync", "(Ljava/lang/Runnable;Ljava/util/concurrent/Executor;)L" + cf + ";");
        // CompletionStage: every other call (thenApply, thenCombine, applyToEither, whenComplete, the
        // Async forms with or without an executor, completeAsync, orTimeout...) is a dependent
        // registration, modelled by one mechanism (Stages): the functions it passes start after
        // the caller's past and the sources' completions, and end before the returned stage's.
        for (String st : List.of(cf, JUC + "CompletionStage")) {
            TABLE.put(st + ".*", new Action(Kind.STAGE, null));
        }
        release(cf, "completeOnTimeout");
        replaceStatic(cf, "allOf", "([L" + cf + ";)L" + cf + ";");
        replaceStatic(cf, "anyOf", "([L" + cf + ";)L" + cf + ";");
        // ForkJoinTask: fork publishes the forker's past to compute(), whose end (Transformer
        // brackets compute() of RecursiveTask and RecursiveAction subclasses) is acquired by join,
        // invoke, get. The calls are usually made through the application's own subclass (the
        // owner a call names), hence entries for any owner ("*"), by name and descriptor.
        String fjt = "L" + JUC + "ForkJoinTask;";
        for (String t : List.of("ForkJoinTask", "RecursiveTask", "RecursiveAction", "*")) {
            String owner = t.equals("*") ? "*" : JUC + t;
            TABLE.put(owner + ".fork ()" + fjt, new Action(Kind.RELEASE, null));
            TABLE.put(owner + ".join ()Ljava/lang/Object;", new Action(Kind.ACQUIRE, null));
            TABLE.put(owner + ".quietlyJoin ()V", new Action(Kind.ACQUIRE, null));
            TABLE.put(owner + ".invoke ()Ljava/lang/Object;", new Action(Kind.BOTH, null));
            TABLE.put(owner + ".quietlyInvoke ()V", new Action(Kind.BOTH, null));
            TABLE.put(owner + ".invokeAll (" + fjt + fjt + ")V", new Action(Kind.REPLACE,
                    "forkJoinAll (" + fjt + fjt + ")V"));
            TABLE.put(owner + ".invokeAll ([" + fjt + ")V", new Action(Kind.REPLACE, "forkJoinAll ([" + fjt + ")V"));
            TABLE.put(owner + ".invokeAll (Ljava/util/Collection;)Ljava/util/Collection;", new Action(Kind.REPLACE,
                    "forkJoinAll (Ljava/util/Collection;)Ljava/util/Collection;"));
        }
        String pool = JUC + "ForkJoinPool";
        replace(pool, "invoke", "forkJoinInvoke (L" + pool + ";" + fjt + ")Ljava/lang/Object;", "(" + fjt + ")Ljava/lang/Object;");
        replace(pool, "submit", "forkJoinSubmit (L" + pool + ";" + fjt + ")" + fjt, "(" + fjt + ")" + fjt);
        replace(pool, "execute", "forkJoinExecute (L" + pool + ";" + fjt + ")V", "(" + fjt + ")V");
        // StampedLock: write, read and optimistic read (its stamp's validate) acquire; unlocks
        // release; conversions do both. Its Lock and ReadWriteLock views are the lock itself.
        String sl = JUC + "locks/StampedLock";
        acquire(sl, "writeLock", "tryWriteLock", "writeLockInterruptibly", "readLock", "tryReadLock",
                "readLockInterruptibly", "tryOptimisticRead", "validate");
        release(sl, "unlockWrite", "unlockRead", "unlock", "tryUnlockWrite", "tryUnlockRead");
        both(sl, "tryConvertToWriteLock", "tryConvertToReadLock", "tryConvertToOptimisticRead");
        String lk = "Ljava/util/concurrent/locks/";
        replace(sl, "asReadLock", "(L" + sl + ";)" + lk + "Lock;", "()" + lk + "Lock;");
        replace(sl, "asWriteLock", "(L" + sl + ";)" + lk + "Lock;", "()" + lk + "Lock;");
        replace(sl, "asReadWriteLock", "(L" + sl + ";)" + lk + "ReadWriteLock;", "()" + lk + "ReadWriteLock;");
    }

    private Intercepts() {}

    /**
     * Returns what to do at a call of {@code owner.name desc}, or null.
     */
    static Action lookup(String owner, String name, String desc) {
        Action a = TABLE.get(owner + "." + name + " " + desc);
        if (a != null) {
            return a;
        }
        a = TABLE.get(owner + "." + name);
        if (a != null) {
            return a;
        }
        a = TABLE.get(owner + ".*");
        return a != null ? a : TABLE.get("*." + name + " " + desc);
    }

    /** Returns the Tasks method's name and descriptor for a replacement. */
    static String[] wrapper(String name, Action a) {
        String w = a.wrapperDesc();
        int sp = w.indexOf(' ');
        return sp < 0 ? new String[] {name, w} : new String[] {w.substring(0, sp), w.substring(sp + 1)};
    }

    private static void kind(Kind k, String owner, String... names) {
        for (String n : names) {
            TABLE.put(owner + "." + n, new Action(k, null));
        }
    }

    private static void acquire(String owner, String... names) {
        for (String n : names) {
            TABLE.put(owner + "." + n, new Action(Kind.ACQUIRE, null));
        }
    }

    private static void release(String owner, String... names) {
        for (String n : names) {
            TABLE.put(owner + "." + n, new Action(Kind.RELEASE, null));
        }
    }

    private static void both(String owner, String... names) {
        for (String n : names) {
            TABLE.put(owner + "." + n, new Action(Kind.BOTH, null));
        }
    }

    private static void replace(String owner, String name, String wrapperDesc, String desc) {
        TABLE.put(owner + "." + name + " " + desc, new Action(Kind.REPLACE, wrapperDesc));
    }

    private static void replaceStatic(String owner, String name, String desc) {
        TABLE.put(owner + "." + name + " " + desc, new Action(Kind.REPLACE, desc));
    }
}
