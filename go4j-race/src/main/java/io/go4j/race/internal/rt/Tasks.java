package io.go4j.race.internal.rt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Tasks holds the call-site replacements for the calls that hand a task to another thread
 * (a virtual thread's start, an executor's execute and submit, {@code CompletableFuture}'s async
 * factories) and for {@code Thread.join} with a timeout: each wraps the task so that the caller's
 * past happens-before the task's run, and the task's run happens-before whoever observes its end
 * (a {@code Future.get}, an executor's {@code close}, a {@code join}).
 *
 * <p>The agent rewrites {@code INVOKEVIRTUAL/INVOKEINTERFACE owner.m(args)} into
 * {@code INVOKESTATIC Tasks.m(owner, args)} (the table is in the agent's {@code Intercepts}); each
 * method here does what the original call did, with the task wrapped. Public because rewritten
 * classes, in any package, call them; not an API.
 */
public final class Tasks {
    private Tasks() {}

    /** A task's start and end: the submitter's clock at submission, the task's at its end. */
    private static final class Task implements Runnable, Callable<Object>, Supplier<Object> {
        private final int[] start;          // the submitter's clock, taken at submission
        private final SyncVar done = new SyncVar();
        private final Object owner;         // the executor whose close/awaitTermination sees the end, or null
        private final Runnable runnable;
        private final Callable<?> callable;
        private final Supplier<?> supplier;
        private final Reporter.Creation createdAt;
        private final boolean newThread;    // the task is a thread's whole life (a virtual thread start)
        private CallNode saved;             // the running thread's call stack before the task; by the runner

        Task(Object owner, Runnable r, Callable<?> c, Supplier<?> s, boolean newThread) {
            ThreadState parent = Rt.current();
            this.start = parent.vc.clone();
            parent.tick();
            this.owner = owner;
            this.runnable = r;
            this.callable = c;
            this.supplier = s;
            this.newThread = newThread;
            this.createdAt = newThread ? Reporter.creation(parent) : Reporter.Creation.NONE;
        }

        @Override
        public void run() {
            try {
                call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);   // unreachable: a Runnable's call throws nothing checked
            }
        }

        @Override
        public Object get() {
            return run(null);
        }

        @Override
        public Object call() throws Exception {
            if (callable != null) {
                ThreadState t = begin();
                try {
                    return callable.call();
                } finally {
                    end(t);
                }
            }
            return run(null);
        }

        private Object run(Object ignored) {
            ThreadState t = begin();
            try {
                if (supplier != null) {
                    return supplier.get();
                }
                runnable.run();
                return null;
            } finally {
                end(t);
            }
        }

        private ThreadState begin() {
            ThreadState t;
            if (newThread) {
                Thread th = Thread.currentThread();
                t = new ThreadState(th, false, createdAt, true);
                Slots.attach(t, start);
                Rt.bindCurrent(t);
            } else {
                t = Rt.current();
                t.join(start);
                done.acquireInto(t);      // a periodic task's earlier runs (nothing for a one-shot one)
                saved = t.node;
                t.node = CallNode.ROOT;   // a pool worker's stack, as the task sees it, starts here
            }
            return t;
        }

        private void end(ThreadState t) {
            done.releaseMerge(t);
            if (owner != null) {
                Rt.sync(owner, Rt.API).releaseMerge(t);
            }
            t.tick();
            if (newThread) {
                Rt.exit(t);
            } else {
                t.node = saved;   // the task may have been run inline, by its submitter
            }
        }

        void linkTo(Object future) {
            Rt.sync(future, Rt.API).link(done);
        }
    }

    /**
     * {@code Thread.startVirtualThread(r)}.
     *
     * @param r the task
     * @return the started thread
     */
    public static Thread startVirtualThread(Runnable r) {
        return Thread.startVirtualThread(new Task(null, r, null, null, true));
    }

    /**
     * {@code b.start(r)} of a {@code Thread.Builder}.
     *
     * @param b the builder
     * @param r the task
     * @return the started thread
     */
    public static Thread builderStart(Thread.Builder b, Runnable r) {
        return b.start(new Task(null, r, null, null, true));
    }

    /**
     * {@code e.execute(r)}.
     *
     * @param e the executor
     * @param r the task
     */
    public static void execute(Executor e, Runnable r) {
        e.execute(new Task(e, r, null, null, false));
    }

    /**
     * {@code e.submit(r)}.
     *
     * @param e the executor
     * @param r the task
     * @return its future
     */
    public static Future<?> submit(ExecutorService e, Runnable r) {
        Task t = new Task(e, r, null, null, false);
        Future<?> f = e.submit((Runnable) t);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code e.submit(r, result)}.
     *
     * @param e      the executor
     * @param r      the task
     * @param result the future's value
     * @param <T>    its type
     * @return its future
     */
    public static <T> Future<T> submit(ExecutorService e, Runnable r, T result) {
        Task t = new Task(e, r, null, null, false);
        Future<T> f = e.submit((Runnable) t, result);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code e.submit(c)}.
     *
     * @param e   the executor
     * @param c   the task
     * @param <T> its result's type
     * @return its future
     */
    @SuppressWarnings("unchecked")
    public static <T> Future<T> submit(ExecutorService e, Callable<T> c) {
        Task t = new Task(e, null, c, null, false);
        Future<T> f = e.submit((Callable<T>) (Callable<?>) t);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code e.invokeAll(tasks)}.
     *
     * @param e     the executor
     * @param tasks the tasks
     * @param <T>   their result's type
     * @return their futures, all done
     * @throws InterruptedException as {@code invokeAll} does
     */
    public static <T> List<Future<T>> invokeAll(ExecutorService e,
                                                java.util.Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        List<Future<T>> fs = e.invokeAll(wrapAll(e, tasks));
        Rt.apiAcquire(e);
        return fs;
    }

    /**
     * {@code e.invokeAll(tasks, timeout, unit)}.
     *
     * @param e       the executor
     * @param tasks   the tasks
     * @param timeout the bound
     * @param unit    its unit
     * @param <T>     their result's type
     * @return their futures
     * @throws InterruptedException as {@code invokeAll} does
     */
    public static <T> List<Future<T>> invokeAll(ExecutorService e, java.util.Collection<? extends Callable<T>> tasks,
                                                long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException {
        List<Future<T>> fs = e.invokeAll(wrapAll(e, tasks), timeout, unit);
        Rt.apiAcquire(e);
        return fs;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<Callable<T>> wrapAll(ExecutorService e, java.util.Collection<? extends Callable<T>> tasks) {
        List<Callable<T>> wrapped = new java.util.ArrayList<>(tasks.size());
        for (Callable<T> c : tasks) {
            wrapped.add((Callable<T>) (Callable<?>) new Task(e, null, c, null, false));
        }
        return wrapped;
    }

    /**
     * {@code e.schedule(r, delay, unit)}.
     *
     * @param e     the executor
     * @param r     the task
     * @param delay the delay
     * @param unit  its unit
     * @return its future
     */
    public static java.util.concurrent.ScheduledFuture<?> schedule(java.util.concurrent.ScheduledExecutorService e,
                                                                   Runnable r, long delay,
                                                                   java.util.concurrent.TimeUnit unit) {
        Task t = new Task(e, r, null, null, false);
        java.util.concurrent.ScheduledFuture<?> f = e.schedule((Runnable) t, delay, unit);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code e.schedule(c, delay, unit)}.
     *
     * @param e     the executor
     * @param c     the task
     * @param delay the delay
     * @param unit  its unit
     * @param <V>   its result's type
     * @return its future
     */
    @SuppressWarnings("unchecked")
    public static <V> java.util.concurrent.ScheduledFuture<V> schedule(java.util.concurrent.ScheduledExecutorService e,
                                                                       Callable<V> c, long delay,
                                                                       java.util.concurrent.TimeUnit unit) {
        Task t = new Task(e, null, c, null, false);
        java.util.concurrent.ScheduledFuture<V> f = e.schedule((Callable<V>) (Callable<?>) t, delay, unit);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code CompletableFuture.supplyAsync(s)}.
     *
     * @param s   the task
     * @param <T> its result's type
     * @return its future
     */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> s) {
        Task t = new Task(null, null, null, s, false);
        CompletableFuture<T> f = CompletableFuture.supplyAsync((Supplier<T>) (Supplier<?>) t);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code CompletableFuture.supplyAsync(s, e)}.
     *
     * @param s   the task
     * @param e   the executor
     * @param <T> its result's type
     * @return its future
     */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> s, Executor e) {
        Task t = new Task(null, null, null, s, false);
        CompletableFuture<T> f = CompletableFuture.supplyAsync((Supplier<T>) (Supplier<?>) t, e);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code CompletableFuture.runAsync(r)}.
     *
     * @param r the task
     * @return its future
     */
    public static CompletableFuture<Void> runAsync(Runnable r) {
        Task t = new Task(null, r, null, null, false);
        CompletableFuture<Void> f = CompletableFuture.runAsync(t);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code CompletableFuture.runAsync(r, e)}.
     *
     * @param r the task
     * @param e the executor
     * @return its future
     */
    public static CompletableFuture<Void> runAsync(Runnable r, Executor e) {
        Task t = new Task(null, r, null, null, false);
        CompletableFuture<Void> f = CompletableFuture.runAsync(t, e);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code CompletableFuture.allOf(cfs)}: its completion comes after every one of theirs.
     *
     * @param cfs the futures
     * @return the combined future
     */
    public static CompletableFuture<Void> allOf(CompletableFuture<?>... cfs) {
        CompletableFuture<Void> all = CompletableFuture.allOf(cfs);
        Stages.linkAll(all, cfs);
        return all;
    }

    /**
     * {@code CompletableFuture.anyOf(cfs)}: its completion comes after one of theirs (all are
     * linked: Stages' note 1).
     *
     * @param cfs the futures
     * @return the combined future
     */
    public static CompletableFuture<Object> anyOf(CompletableFuture<?>... cfs) {
        CompletableFuture<Object> any = CompletableFuture.anyOf(cfs);
        Stages.linkAll(any, cfs);
        return any;
    }

    /**
     * {@code e.scheduleAtFixedRate(r, initialDelay, period, unit)}: the call before the first run,
     * each run before the next (a Task acquires its own earlier ends).
     *
     * @param e            the executor
     * @param r            the task
     * @param initialDelay the first delay
     * @param period       the period
     * @param unit         their unit
     * @return its future
     */
    public static java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(
            java.util.concurrent.ScheduledExecutorService e, Runnable r, long initialDelay, long period,
            java.util.concurrent.TimeUnit unit) {
        Task t = new Task(e, r, null, null, false);
        java.util.concurrent.ScheduledFuture<?> f = e.scheduleAtFixedRate(t, initialDelay, period, unit);
        t.linkTo(f);
        return f;
    }

    /**
     * {@code e.scheduleWithFixedDelay(r, initialDelay, delay, unit)}: as
     * {@link #scheduleAtFixedRate}.
     *
     * @param e            the executor
     * @param r            the task
     * @param initialDelay the first delay
     * @param delay        the delay between runs
     * @param unit         their unit
     * @return its future
     */
    public static java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(
            java.util.concurrent.ScheduledExecutorService e, Runnable r, long initialDelay, long delay,
            java.util.concurrent.TimeUnit unit) {
        Task t = new Task(e, r, null, null, false);
        java.util.concurrent.ScheduledFuture<?> f = e.scheduleWithFixedDelay(t, initialDelay, delay, unit);
        t.linkTo(f);
        return f;
    }

    // ---------------------------------------------------------------------------------------
    // ForkJoinTask: a task's compute() acquires the task's API point and releases it at its end
    // (the Transformer's bracket); fork, and a pool's submit/execute/invoke, release it first.

    /**
     * {@code ForkJoinTask.invokeAll(a, b)}.
     *
     * @param a a task
     * @param b a task
     */
    public static void forkJoinAll(java.util.concurrent.ForkJoinTask<?> a, java.util.concurrent.ForkJoinTask<?> b) {
        Rt.apiRelease(a);
        Rt.apiRelease(b);
        java.util.concurrent.ForkJoinTask.invokeAll(a, b);
        Rt.apiAcquire(a);
        Rt.apiAcquire(b);
    }

    /**
     * {@code ForkJoinTask.invokeAll(tasks...)}.
     *
     * @param tasks the tasks
     */
    public static void forkJoinAll(java.util.concurrent.ForkJoinTask<?>... tasks) {
        for (Object t : tasks) {
            Rt.apiRelease(t);
        }
        java.util.concurrent.ForkJoinTask.invokeAll(tasks);
        for (Object t : tasks) {
            Rt.apiAcquire(t);
        }
    }

    /**
     * {@code ForkJoinTask.invokeAll(tasks)}.
     *
     * @param tasks the tasks
     * @param <T>   their type
     * @return {@code tasks}
     */
    public static <T extends java.util.concurrent.ForkJoinTask<?>> java.util.Collection<T> forkJoinAll(
            java.util.Collection<T> tasks) {
        for (Object t : tasks) {
            Rt.apiRelease(t);
        }
        java.util.Collection<T> r = java.util.concurrent.ForkJoinTask.invokeAll(tasks);
        for (Object t : tasks) {
            Rt.apiAcquire(t);
        }
        return r;
    }

    /**
     * {@code pool.invoke(task)}.
     *
     * @param pool the pool
     * @param task the task
     * @param <T>  its result's type
     * @return its result
     */
    public static <T> T forkJoinInvoke(java.util.concurrent.ForkJoinPool pool, java.util.concurrent.ForkJoinTask<T> task) {
        Rt.apiRelease(task);
        T r = pool.invoke(task);
        Rt.apiAcquire(task);
        return r;
    }

    /**
     * {@code pool.submit(task)}.
     *
     * @param pool the pool
     * @param task the task
     * @param <T>  its result's type
     * @return {@code task}
     */
    public static <T> java.util.concurrent.ForkJoinTask<T> forkJoinSubmit(java.util.concurrent.ForkJoinPool pool,
                                                                          java.util.concurrent.ForkJoinTask<T> task) {
        Rt.apiRelease(task);
        return pool.submit(task);
    }

    /**
     * {@code pool.execute(task)}.
     *
     * @param pool the pool
     * @param task the task
     */
    public static void forkJoinExecute(java.util.concurrent.ForkJoinPool pool, java.util.concurrent.ForkJoinTask<?> task) {
        Rt.apiRelease(task);
        pool.execute(task);
    }

    /**
     * {@code sl.asReadLock()}: its lock and unlock are {@code sl}'s.
     *
     * @param sl the StampedLock
     * @return its view
     */
    public static java.util.concurrent.locks.Lock asReadLock(java.util.concurrent.locks.StampedLock sl) {
        java.util.concurrent.locks.Lock l = sl.asReadLock();
        Rt.alias(l, sl);
        return l;
    }

    /**
     * {@code sl.asWriteLock()}: its lock and unlock are {@code sl}'s.
     *
     * @param sl the StampedLock
     * @return its view
     */
    public static java.util.concurrent.locks.Lock asWriteLock(java.util.concurrent.locks.StampedLock sl) {
        java.util.concurrent.locks.Lock l = sl.asWriteLock();
        Rt.alias(l, sl);
        return l;
    }

    /**
     * {@code sl.asReadWriteLock()}: its locks are {@code sl} (Rt follows aliases to the end).
     *
     * @param sl the StampedLock
     * @return its view
     */
    public static java.util.concurrent.locks.ReadWriteLock asReadWriteLock(java.util.concurrent.locks.StampedLock sl) {
        java.util.concurrent.locks.ReadWriteLock rw = sl.asReadWriteLock();
        Rt.alias(rw, sl);
        return rw;
    }

    /** A CyclicBarrier's action: after every party's arrival, before their awaits return. */
    private static final class BarrierAction implements Runnable {
        private final Runnable action;
        private volatile Object barrier;   // set right after the barrier's constructor returns

        BarrierAction(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            Object b = barrier;
            Rt.apiAcquire(b);   // the parties released before their await (Intercepts: await is BOTH)
            try {
                action.run();
            } finally {
                Rt.apiRelease(b);
            }
        }
    }

    /**
     * Wraps the action argument of {@code new CyclicBarrier(parties, action)}.
     *
     * @param action the barrier action (may be null)
     * @return its wrapper, or null
     */
    public static Runnable barrierAction(Runnable action) {
        return action == null ? null : new BarrierAction(action);
    }

    /**
     * Binds a wrapped barrier action to its barrier, once constructed.
     *
     * @param barrier the new CyclicBarrier
     * @param action  what {@link #barrierAction} returned
     */
    public static void bindBarrier(Object barrier, Runnable action) {
        if (action instanceof BarrierAction a) {
            a.barrier = barrier;
        }
    }

    /**
     * {@code l.newCondition()}: the condition's await releases and re-acquires {@code l}.
     *
     * @param l the lock
     * @return its new condition
     */
    public static java.util.concurrent.locks.Condition newCondition(java.util.concurrent.locks.Lock l) {
        java.util.concurrent.locks.Condition c = l.newCondition();
        Rt.alias(c, l);
        return c;
    }

    /**
     * {@code rw.readLock()}: its lock and unlock are {@code rw}'s.
     *
     * @param rw the read-write lock
     * @return its read lock
     */
    public static java.util.concurrent.locks.Lock readLock(java.util.concurrent.locks.ReadWriteLock rw) {
        java.util.concurrent.locks.Lock l = rw.readLock();
        Rt.alias(l, rw);
        return l;
    }

    /**
     * {@code rw.writeLock()}: its lock and unlock are {@code rw}'s.
     *
     * @param rw the read-write lock
     * @return its write lock
     */
    public static java.util.concurrent.locks.Lock writeLock(java.util.concurrent.locks.ReadWriteLock rw) {
        java.util.concurrent.locks.Lock l = rw.writeLock();
        Rt.alias(l, rw);
        return l;
    }

    /**
     * {@code rw.readLock()} of a ReentrantReadWriteLock (its covariant return).
     *
     * @param rw the read-write lock
     * @return its read lock
     */
    public static java.util.concurrent.locks.ReentrantReadWriteLock.ReadLock readLock(
            java.util.concurrent.locks.ReentrantReadWriteLock rw) {
        java.util.concurrent.locks.ReentrantReadWriteLock.ReadLock l = rw.readLock();
        Rt.alias(l, rw);
        return l;
    }

    /**
     * {@code rw.writeLock()} of a ReentrantReadWriteLock (its covariant return).
     *
     * @param rw the read-write lock
     * @return its write lock
     */
    public static java.util.concurrent.locks.ReentrantReadWriteLock.WriteLock writeLock(
            java.util.concurrent.locks.ReentrantReadWriteLock rw) {
        java.util.concurrent.locks.ReentrantReadWriteLock.WriteLock l = rw.writeLock();
        Rt.alias(l, rw);
        return l;
    }

    /**
     * {@code t.join(millis)}.
     *
     * @param t      the thread
     * @param millis the bound
     * @throws InterruptedException as {@code join} does
     */
    public static void join(Thread t, long millis) throws InterruptedException {
        t.join(millis);
        Rt.threadJoined(t);
    }

    /**
     * {@code t.join(d)}.
     *
     * @param t the thread
     * @param d the bound
     * @return whether it ended
     * @throws InterruptedException as {@code join} does
     */
    public static boolean join(Thread t, Duration d) throws InterruptedException {
        boolean ended = t.join(d);
        Rt.threadJoined(t);
        return ended;
    }
}
