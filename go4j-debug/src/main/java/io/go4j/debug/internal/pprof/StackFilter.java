package io.go4j.debug.internal.pprof;

import java.util.Arrays;
import java.util.Set;

/**
 * StackFilter cuts Java stacks to what Go's profiles show: the blocking call and its callers,
 * without the machinery above and below them.
 *
 * <ul>
 *   <li>Above: when the stack's innermost frames are machinery only (the JDK's park, go4j's
 *       internal runtime, go4j-debug's own recorder) down to a call into go4j's public API
 *       ({@code Chan.recv}, {@code Mutex.lock}, ...), they are dropped and the innermost public
 *       go4j frame is kept, as Go's profiles keep {@code runtime.chanrecv1} or
 *       {@code sync.(*Mutex).Lock}. A stack whose innermost non-JDK code is the user's (a
 *       goroutine in {@code Thread.sleep} or in I/O, even inside {@code Go.withLabels}) keeps
 *       every frame, as Go shows {@code runtime.gopark}.</li>
 *   <li>Below: the frames that only start a thread (the virtual thread's continuation,
 *       {@code Thread.run}, go4j's goroutine wrapper) are dropped, so that a goroutine's stack
 *       ends with its task, as in Go, where {@code runtime.goexit} is hidden.</li>
 *   <li>Hidden frames (lambda proxies, method-handle adapters), which {@code StackWalker} and
 *       exceptions leave out but thread dumps of platform threads show, are dropped.</li>
 *   <li>Depth: at most {@link #MAX_DEPTH} frames, the innermost.</li>
 * </ul>
 */
public final class StackFilter {
    /*
     * Implementation notes.
     *
     * go4j-debug's other engineer (goroutine text dumps) may land a frame filter of their own in
     * io.go4j.debug.internal; this one is kept in the pprof package until the two are merged into
     * one.
     *
     * "Public go4j API" is the package list of go4j-core's unqualified exports (its
     * module-info.java), written out here because the tests run on the class path, where the
     * module descriptor is not available; StackFilterTest checks the list against module-info.
     * A non-public class of such a package (sync.WaitQueue) is kept when it is the innermost:
     * Go, too, shows sync's unexported helpers (sync.runtime_SemacquireMutex).
     */

    /**
     * Most frames a profile keeps of one stack, the innermost. Empirical: Go keeps 32; Java
     * stacks are deeper (lambdas, executors), and JFR keeps 64 by default. Revisit if profiles
     * of framework code come out truncated.
     */
    public static final int MAX_DEPTH = 64;

    /** go4j-core's exported packages (module-info.java's unqualified {@code exports}). */
    static final Set<String> API_PACKAGES = Set.of("io.go4j", "io.go4j.sync", "io.go4j.time",
            "io.go4j.context", "io.go4j.errgroup", "io.go4j.semaphore", "io.go4j.singleflight");

    /** Frames above the event's public go4j call that a capture walks past (listeners, runtime, park). */
    private static final int HEADROOM = 32;

    private static final StackWalker WALKER = StackWalker.getInstance();

    private StackFilter() {}

    /**
     * Cuts the stack of a goroutine seen from outside (the goroutine profile): above its
     * public go4j call if it is parked in one, below the thread's start frames.
     *
     * @param stack innermost first
     * @return the cut stack, innermost first
     */
    public static StackTraceElement[] ofGoroutine(StackTraceElement[] stack) {
        StackTraceElement[] s = visible(stack);
        int bottom = bottom(s);
        return cut(s, Math.max(0, apiCall(s, bottom)), bottom);
    }

    /**
     * Cuts a stack captured on the current thread while it reports an event (a blocking call
     * that returned, an unlock that let a waiter in): above its public go4j call, or, if it has
     * none, above the first frame outside go4j's internals; below the thread's start frames.
     *
     * @param stack innermost first
     * @return the cut stack, innermost first
     */
    public static StackTraceElement[] ofEvent(StackTraceElement[] stack) {
        StackTraceElement[] s = visible(stack);
        int bottom = bottom(s);
        int top = apiCall(s, bottom);
        if (top < 0) {
            top = 0;
            while (top < bottom && isGo4jInternal(s[top].getClassName())) {
                top++;
            }
        }
        return cut(s, top, bottom);
    }

    /**
     * Cuts a CPU sample's stack: only below the thread's start frames (every frame above is
     * CPU work).
     *
     * @param stack innermost first
     * @return the cut stack, innermost first
     */
    public static StackTraceElement[] ofSample(StackTraceElement[] stack) {
        StackTraceElement[] s = visible(stack);
        return cut(s, 0, bottom(s));
    }

    /**
     * Reports whether {@code className} belongs to go4j-core's public packages.
     *
     * @param className a binary class name
     * @return true for e.g. {@code io.go4j.sync.Mutex}
     */
    public static boolean isApi(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && API_PACKAGES.contains(className.substring(0, dot));
    }

    /**
     * Returns the current thread's stack, innermost first, deep enough for {@link #ofEvent} to
     * cut the recorder's own frames and keep {@link #MAX_DEPTH}.
     *
     * @return the stack
     */
    public static StackTraceElement[] currentStack() {
        return WALKER.walk(frames -> frames.limit(MAX_DEPTH + HEADROOM)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /**
     * Returns the index of the public go4j frame reached from the top through machinery only,
     * or -1 if user code (or nothing) comes first.
     */
    private static int apiCall(StackTraceElement[] s, int bottom) {
        for (int i = 0; i < bottom; i++) {
            String cls = s[i].getClassName();
            if (isApi(cls)) {
                return i;
            }
            if (!isMachinery(cls)) {
                return -1;
            }
        }
        return -1;
    }

    /** Returns the index just past the last frame that is not a thread's start. */
    private static int bottom(StackTraceElement[] s) {
        int bottom = s.length;
        while (bottom > 0 && isThreadStart(s[bottom - 1])) {
            bottom--;
        }
        return bottom;
    }

    private static StackTraceElement[] cut(StackTraceElement[] s, int top, int bottom) {
        return Arrays.copyOfRange(s, top, Math.max(top, Math.min(bottom, top + MAX_DEPTH)));
    }

    /** The stack without hidden frames; the same array if it has none. */
    private static StackTraceElement[] visible(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (isHidden(e.getClassName())) {
                return Arrays.stream(stack).filter(f -> !isHidden(f.getClassName()))
                        .toArray(StackTraceElement[]::new);
            }
        }
        return stack;
    }

    /** A hidden class (its name has a '/': Foo$$Lambda/0x...) or a method-handle adapter. */
    private static boolean isHidden(String cls) {
        return cls.indexOf('/') >= 0 || cls.startsWith("java.lang.invoke.LambdaForm$")
                || (cls.startsWith("java.lang.invoke.") && cls.endsWith("$Holder"));
    }

    /** Code that is never the event itself: the JDK, go4j's runtime, go4j-debug's recorders. */
    private static boolean isMachinery(String cls) {
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || isGo4jInternal(cls);
    }

    private static boolean isGo4jInternal(String cls) {
        return cls.startsWith("io.go4j.internal.") || cls.startsWith("io.go4j.debug.internal.");
    }

    /** A frame that only starts a thread or a goroutine. */
    private static boolean isThreadStart(StackTraceElement e) {
        String cls = e.getClassName();
        String method = e.getMethodName();
        return cls.equals("java.lang.VirtualThread") || cls.startsWith("java.lang.VirtualThread$")
                || cls.startsWith("jdk.internal.vm.Continuation")
                || cls.equals("io.go4j.internal.runtime.Goroutine")
                || (cls.equals("io.go4j.Go$ThrowingRunnable") && method.equals("run"))
                || (cls.equals("java.lang.Thread") && (method.equals("run") || method.equals("runWith")));
    }
}
