package io.go4j.sched.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * Jdk holds the two JDK internals go4j-sched relies on, found once, with the error a user can act
 * on when they are out of reach (docs/adr/0004-go4j-sched.md):
 * <ul>
 *   <li>{@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)}, the package-private
 *       constructor of a virtual-thread builder whose threads run on a given executor (JDK 21-25;
 *       the JDK's own tests use it);</li>
 *   <li>{@code Thread.currentCarrierThread()}, the platform thread the current virtual thread is
 *       mounted on: how {@link Scheduler#execute} knows which carrier's queue is its own.</li>
 * </ul>
 * Both need {@code java.lang} opened to go4j-sched: {@code --add-opens
 * java.base/java.lang=io.go4j.sched} on the module path, {@code =ALL-UNNAMED} on the class path.
 */
final class Jdk {

    private static final MethodHandle NEW_BUILDER;
    private static final MethodHandle CURRENT_CARRIER;
    private static final RuntimeException FAILURE;

    static {
        MethodHandle newBuilder = null;
        MethodHandle currentCarrier = null;
        RuntimeException failure = null;
        try {
            MethodHandles.Lookup lang = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            newBuilder = lang.findConstructor(builder, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            currentCarrier = lang.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (IllegalAccessException | RuntimeException e) {
            failure = new IllegalStateException("go4j-sched needs java.lang opened to it: add the JVM flag "
                    + addOpensFlag() + " (" + e + ")", e);
        } catch (ReflectiveOperationException e) {
            failure = new IllegalStateException("go4j-sched: this JDK (" + Runtime.version() + ") lacks "
                    + "ThreadBuilders.VirtualThreadBuilder(Executor) or Thread.currentCarrierThread(), which "
                    + "go4j-sched needs (JDK 21 to 25 have them): run without -Dgo4j.scheduler=go (" + e + ")", e);
        }
        NEW_BUILDER = newBuilder;
        CURRENT_CARRIER = currentCarrier;
        FAILURE = failure;
    }

    private Jdk() {}

    /** The exact flag that opens java.lang to this module, where it is loaded. */
    static String addOpensFlag() {
        Module m = Jdk.class.getModule();
        return "--add-opens java.base/java.lang=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /** Throws the reason go4j-sched cannot run on this JVM, if there is one. */
    static void check() {
        if (FAILURE != null) {
            throw FAILURE;
        }
    }

    /** Returns a new builder of virtual threads whose continuations run on {@code scheduler}. */
    static Thread.Builder.OfVirtual newBuilder(Executor scheduler) {
        check();
        try {
            return (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
        } catch (Throwable e) {
            throw new IllegalStateException("go4j-sched: cannot create a virtual-thread builder", e);
        }
    }

    /** Returns the current carrier thread (the current thread itself if it is a platform thread). */
    static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);   // a static native without checked exceptions: not reached
        }
    }
}
