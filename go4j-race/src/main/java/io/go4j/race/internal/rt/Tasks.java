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
        private final List<String> createdAt;
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
            this.createdAt = newThread ? Reporter.currentStack() : List.of();
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

    // ---------------------------------------------------------------------------------------
    // CompletableFuture's dependents: the function runs after its source completed, and its end
    // completes the returned future.

    /** A dependent stage's function: acquires its source's completion, releases its own end. */
    private static final class Dep {
        private final Object source;
        private final SyncVar done = new SyncVar();
        private CallNode saved;

        Dep(Object source) {
            this.source = source;
        }

        ThreadState begin() {
            Rt.apiAcquire(source);
            ThreadState t = Rt.current();
            saved = t.node;
            return t;
        }

        void end(ThreadState t) {
            done.releaseMerge(t);
            t.tick();
            t.node = saved;
        }

        <R extends java.util.concurrent.CompletionStage<?>> R linked(R result) {
            Rt.sync(result, Rt.API).link(done);
            return result;
        }

        <T, U> java.util.function.Function<T, U> f(java.util.function.Function<? super T, ? extends U> fn) {
            return v -> {
                ThreadState t = begin();
                try {
                    return fn.apply(v);
                } finally {
                    end(t);
                }
            };
        }

        <T, U, V> java.util.function.BiFunction<T, U, V> bf(java.util.function.BiFunction<? super T, ? super U, ? extends V> fn) {
            return (a, b) -> {
                ThreadState t = begin();
                try {
                    return fn.apply(a, b);
                } finally {
                    end(t);
                }
            };
        }

        <T> java.util.function.Consumer<T> c(java.util.function.Consumer<? super T> fn) {
            return v -> {
                ThreadState t = begin();
                try {
                    fn.accept(v);
                } finally {
                    end(t);
                }
            };
        }

        <T, U> java.util.function.BiConsumer<T, U> bc(java.util.function.BiConsumer<? super T, ? super U> fn) {
            return (a, b) -> {
                ThreadState t = begin();
                try {
                    fn.accept(a, b);
                } finally {
                    end(t);
                }
            };
        }

        Runnable r(Runnable fn) {
            return () -> {
                ThreadState t = begin();
                try {
                    fn.run();
                } finally {
                    end(t);
                }
            };
        }
    }

    /**
     * {@code cf.thenApply(fn)}.
     *
     * @param cf  the source
     * @param fn  the function
     * @param <T> the source's type
     * @param <U> the result's type
     * @return the dependent future
     */
    public static <T, U> CompletableFuture<U> thenApply(CompletableFuture<T> cf,
                                                        java.util.function.Function<? super T, ? extends U> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenApply(d.<T, U>f(fn)));
    }

    /**
     * {@code cf.thenApplyAsync(fn)}.
     *
     * @param cf  the source
     * @param fn  the function
     * @param <T> the source's type
     * @param <U> the result's type
     * @return the dependent future
     */
    public static <T, U> CompletableFuture<U> thenApplyAsync(CompletableFuture<T> cf,
                                                             java.util.function.Function<? super T, ? extends U> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenApplyAsync(d.<T, U>f(fn)));
    }

    /**
     * {@code cf.thenAccept(fn)}.
     *
     * @param cf  the source
     * @param fn  the consumer
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<Void> thenAccept(CompletableFuture<T> cf, java.util.function.Consumer<? super T> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenAccept(d.<T>c(fn)));
    }

    /**
     * {@code cf.thenAcceptAsync(fn)}.
     *
     * @param cf  the source
     * @param fn  the consumer
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<Void> thenAcceptAsync(CompletableFuture<T> cf,
                                                              java.util.function.Consumer<? super T> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenAcceptAsync(d.<T>c(fn)));
    }

    /**
     * {@code cf.thenRun(fn)}.
     *
     * @param cf  the source
     * @param fn  the action
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<Void> thenRun(CompletableFuture<T> cf, Runnable fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenRun(d.r(fn)));
    }

    /**
     * {@code cf.thenRunAsync(fn)}.
     *
     * @param cf  the source
     * @param fn  the action
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<Void> thenRunAsync(CompletableFuture<T> cf, Runnable fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.thenRunAsync(d.r(fn)));
    }

    /**
     * {@code cf.thenCompose(fn)}: the returned future also acquires the inner future's completion.
     *
     * @param cf  the source
     * @param fn  the function returning the inner stage
     * @param <T> the source's type
     * @param <U> the result's type
     * @return the dependent future
     */
    public static <T, U> CompletableFuture<U> thenCompose(CompletableFuture<T> cf,
            java.util.function.Function<? super T, ? extends java.util.concurrent.CompletionStage<U>> fn) {
        Dep d = new Dep(cf);
        SyncVar inner = new SyncVar();
        CompletableFuture<U> result = cf.thenCompose(d.<T, java.util.concurrent.CompletionStage<U>>f(v -> {
            java.util.concurrent.CompletionStage<U> s = fn.apply(v);
            if (s != null) {
                inner.link(Rt.sync(s, Rt.API));
            }
            return s;
        }));
        Rt.sync(result, Rt.API).link(inner);
        return d.linked(result);
    }

    /**
     * {@code cf.whenComplete(fn)}.
     *
     * @param cf  the source
     * @param fn  the action
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<T> whenComplete(CompletableFuture<T> cf,
                                                        java.util.function.BiConsumer<? super T, ? super Throwable> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.whenComplete(d.<T, Throwable>bc(fn)));
    }

    /**
     * {@code cf.handle(fn)}.
     *
     * @param cf  the source
     * @param fn  the function
     * @param <T> the source's type
     * @param <U> the result's type
     * @return the dependent future
     */
    public static <T, U> CompletableFuture<U> handle(CompletableFuture<T> cf,
                                                     java.util.function.BiFunction<? super T, Throwable, ? extends U> fn) {
        Dep d = new Dep(cf);
        return d.linked(cf.handle(d.<T, Throwable, U>bf(fn)));
    }

    /**
     * {@code cf.exceptionally(fn)}: the result also acquires the source's completion (it passes
     * the source's value through).
     *
     * @param cf  the source
     * @param fn  the function
     * @param <T> the source's type
     * @return the dependent future
     */
    public static <T> CompletableFuture<T> exceptionally(CompletableFuture<T> cf,
                                                         java.util.function.Function<Throwable, ? extends T> fn) {
        Dep d = new Dep(cf);
        CompletableFuture<T> result = d.linked(cf.exceptionally(d.<Throwable, T>f(fn)));
        Rt.sync(result, Rt.API).link(Rt.sync(cf, Rt.API));
        return result;
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
