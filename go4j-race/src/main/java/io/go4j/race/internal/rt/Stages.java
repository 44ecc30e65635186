package io.go4j.race.internal.rt;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionStage;

/**
 * Stages models every call on a {@code CompletionStage} (a {@code CompletableFuture}) that
 * registers a dependent: {@code thenApply}, {@code thenCombine}, {@code applyToEither},
 * {@code whenComplete}, their {@code Async} forms with or without an executor, and any other
 * method with function arguments. The caller's past happens-before each function it passes;
 * the function starts after the completion of the receiver and of every other stage passed
 * (the second source of {@code thenCombine}); its end, and the completion of every source, come
 * before whoever observes the returned stage's completion ({@code join}, {@code get}, a further
 * dependent).
 *
 * <p>The agent rewrites such a call as {@code ctx = Stages.begin(receiver)}, each stage argument
 * through {@link #other}, each function argument through {@link #function}, then the call, then
 * {@link #result} on what it returned: one mechanism for the whole interface, so a method the
 * table never named (a JDK's new dependent) is modelled too. Public because rewritten classes,
 * in any package, call it; not an API.
 */
public final class Stages {
    /*
     * Implementation notes.
     *
     * 1. Sources of an "either" dependent (applyToEither, acceptEither, runAfterEither, anyOf) are
     *    all acquired by the function and linked to the result, although only one of them has
     *    completed: acquiring a point that was not released yet adds nothing, and one released
     *    concurrently adds an edge the run may not have had: a missed race, never a false report
     *    (the detector's rule for over-approximated edges).
     * 2. The function is a java.lang.reflect.Proxy of its interface (as Rt.streamFunction): one
     *    wrapper for Function, BiFunction, Consumer, BiConsumer, Runnable, Supplier.
     * 3. The returned stage is linked to the context right after the call: nobody but the
     *    caller holds it before the call returns, so no acquire can come before the link.
     */

    private Stages() {}

    /** One dependent registration: the caller's clock, the sources, the functions' ends. */
    private static final class Ctx {
        final int[] start;                         // the caller's clock at the call
        final SyncVar done = new SyncVar();        // the functions' ends (and inner stages, thenCompose)
        final java.util.List<Object> sources = new java.util.ArrayList<>(2);   // the receiver and stage arguments

        Ctx(ThreadState caller) {
            this.start = caller.vc.clone();
        }
    }

    /**
     * Before a call on a stage: the call's context.
     *
     * @param receiver the stage the call is made on (null: the call throws)
     * @return the context to pass to {@link #other}, {@link #function} and {@link #result}
     */
    public static Object begin(Object receiver) {
        ThreadState t = Rt.current();
        Ctx c = new Ctx(t);
        t.tick();
        if (receiver != null) {
            c.sources.add(receiver);
        }
        return c;
    }

    /**
     * A stage argument of the call (the other source of {@code thenCombine}).
     *
     * @param ctx   the context
     * @param stage the argument
     * @return {@code stage}
     */
    public static Object other(Object ctx, Object stage) {
        if (stage instanceof CompletionStage<?>) {
            ((Ctx) ctx).sources.add(stage);
        }
        return stage;
    }

    /**
     * A function argument of the call: wrapped so that it starts after the caller's past and the
     * sources' completions, and publishes its end to the returned stage.
     *
     * @param ctx  the context
     * @param fn   the function (any functional interface)
     * @param type its interface
     * @return the wrapper, or {@code fn} if null
     */
    public static Object function(Object ctx, Object fn, Class<?> type) {
        if (fn == null || !type.isInterface()) {
            return fn;
        }
        Ctx c = (Ctx) ctx;
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(fn, args);
            }
            ThreadState t = Rt.current();
            t.join(c.start);
            for (Object s : c.sources) {
                Rt.apiAcquire(s);
            }
            CallNode saved = t.node;
            try {
                Object r = method.invoke(fn, args);
                if (r instanceof CompletionStage<?> inner) {   // thenCompose: the result completes with it
                    c.done.link(Rt.sync(inner, Rt.API));
                }
                return r;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                c.done.releaseMerge(t);
                t.tick();
                t.node = saved;
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /**
     * After the call: the stage it returned completes after the functions' ends and the
     * sources' completions.
     *
     * @param ctx    the context
     * @param result what the call returned
     */
    public static void result(Object ctx, Object result) {
        if (!(result instanceof CompletionStage<?>)) {
            return;
        }
        Ctx c = (Ctx) ctx;
        SyncVar r = Rt.sync(result, Rt.API);
        r.link(c.done);
        for (Object s : c.sources) {
            if (s != result) {
                r.link(Rt.sync(s, Rt.API));
            }
        }
    }

    /** Links {@code result}'s completion to every one of {@code sources}' (allOf, anyOf). */
    static void linkAll(Object result, Object[] sources) {
        SyncVar r = Rt.sync(result, Rt.API);
        for (Object s : sources) {
            if (s != null && s != result) {
                r.link(Rt.sync(s, Rt.API));
            }
        }
    }
}
