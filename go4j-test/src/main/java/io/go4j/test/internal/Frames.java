package io.go4j.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Frames decides which frames of a goroutine's stack are the user's: what go4j-test prints, and
 * what its "top function" ignore rule looks at. Go hides its runtime's frames from a goroutine's
 * traceback; go4j-test hides the JDK's and go4j's internals the same way.
 *
 * <p>A function is written as Go's tracebacks write one, the class then the method:
 * {@code com.acme.Worker.loop}, {@code com.acme.WorkerTest.lambda$leaks$0}.
 */
public final class Frames {
    /** go4j's packages whose frames are its "runtime" (the primitives), besides the internals. */
    private static final Set<String> GO4J_RUNTIME = Set.of("io.go4j", "io.go4j.sync", "io.go4j.time",
            "io.go4j.context", "io.go4j.errgroup", "io.go4j.semaphore", "io.go4j.singleflight");
    /** The goroutine's entry point: below it there is only the JDK's thread start. */
    private static final String GOROUTINE_ENTRY = "io.go4j.internal.runtime.Goroutine";
    /** go()'s adapter for lambdas that may throw: not the user's code. */
    private static final String THROWING_RUNNABLE = "io.go4j.Go$ThrowingRunnable";

    private Frames() {}

    /**
     * Returns {@code f}'s function: its class name, a dot, its method name.
     *
     * @param f a frame
     * @return the function's name
     */
    public static String function(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }

    /**
     * Returns the frames a report shows, innermost first: the stack up to the goroutine's entry
     * point, without the JDK's frames and go4j's internals (go4j's public primitives, such as
     * {@code io.go4j.Chan.recv}, are shown: they say what the goroutine does).
     *
     * @param stack a stack, innermost frame first
     * @return the frames to show
     */
    public static List<StackTraceElement> shown(StackTraceElement[] stack) {
        List<StackTraceElement> out = new ArrayList<>(stack.length);
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (cls.equals(GOROUTINE_ENTRY)) {
                break;
            }
            if (!isJdk(cls) && !cls.startsWith("io.go4j.internal.") && !cls.equals(THROWING_RUNNABLE)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Returns the goroutine's top function, as goleak's {@code IgnoreTopFunction} means it: the
     * innermost frame that belongs neither to the JDK nor to go4j's runtime (its primitives and
     * internals); null if there is none (a stack not taken, or only runtime frames).
     *
     * @param stack a stack, innermost frame first
     * @return the top function, or null
     */
    public static String topFunction(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String cls = f.getClassName();
            if (cls.equals(GOROUTINE_ENTRY)) {
                return null;
            }
            if (!isJdk(cls) && !isGo4jRuntime(cls)) {
                return function(f);
            }
        }
        return null;
    }

    /**
     * Appends {@code f} as a Go traceback line pair: {@code pkg.Class.method(...)} then a tab and
     * {@code File.java:line}.
     *
     * @param sb where to append
     * @param f  the frame
     */
    public static void append(StringBuilder sb, StackTraceElement f) {
        sb.append(function(f)).append("(...)\n\t").append(location(f)).append('\n');
    }

    /**
     * Returns {@code File.java:line}, {@code File.java} without a line, {@code ?} without a file.
     *
     * @param f the frame
     * @return the location
     */
    public static String location(StackTraceElement f) {
        String file = f.getFileName() == null ? "?" : f.getFileName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }

    private static boolean isJdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    private static boolean isGo4jRuntime(String cls) {
        if (cls.startsWith("io.go4j.internal.")) {
            return true;
        }
        int dot = cls.lastIndexOf('.');
        return dot > 0 && GO4J_RUNTIME.contains(cls.substring(0, dot));
    }
}
