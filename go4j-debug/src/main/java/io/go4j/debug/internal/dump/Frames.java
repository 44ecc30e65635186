package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames decides which Java frames a Go-style dump shows, as Go's traceback hides the runtime's
 * own frames ({@code runtime.gopark}, {@code runtime.chanrecv}, {@code runtime.goexit}), and which
 * threads are the JVM's or go4j's own (Go's "system goroutines", which its dumps leave out).
 *
 * <p>Shown: everything between the <em>park machinery</em> at the top and the <em>thread
 * start</em> at the bottom. The park machinery is the JDK's parking and stack-taking frames
 * ({@code VirtualThread.park}, {@code LockSupport.park}, {@code Thread.getStackTrace}...) and
 * go4j's internals ({@code io.go4j.internal.*}, go4j-debug's own frames) above the first frame of
 * a public go4j API ({@code io.go4j.Chan.recv}, {@code io.go4j.sync.Mutex.lock}) or of the
 * application; so a goroutine blocked in a receive shows {@code Chan.recv} then the caller, as Go
 * shows {@code main.worker} right under its hidden {@code runtime.chanrecv}. The thread start is
 * {@code VirtualThread.run}, {@code Thread.run}, continuations, go4j's goroutine runner and the
 * {@code Go.go} adapters, Go's hidden {@code runtime.goexit}. Other JDK frames stay
 * ({@code Thread.sleep}, socket reads, {@code ReentrantLock.lock}), as Go shows {@code sync} and
 * {@code internal/poll} frames. If nothing would be left, every frame is shown (Go does the same).
 *
 * <p>A system thread is a platform thread outside the {@code main} thread group (the JVM's
 * Reference Handler, Finalizer, Signal Dispatcher, Common-Cleaner...), or one whose outermost
 * non-JDK frame is go4j's own ({@code go4j-timer}, the Pool cleaner). Goroutines and threads
 * go4j adopted are never system threads.
 */
public final class Frames {
    private Frames() {}

    /**
     * Converts a stack, innermost frame first.
     *
     * @param stack the stack trace
     * @return its frames
     */
    public static List<GoFrame> of(StackTraceElement[] stack) {
        List<GoFrame> out = new ArrayList<>(stack.length);
        for (StackTraceElement e : stack) {
            out.add(GoFrame.of(e));
        }
        return out;
    }

    /**
     * Returns the index of the first frame a Go-style dump shows (see the class comment).
     *
     * @param frames a stack, innermost first
     * @return the first shown index; {@code frames.size()} if none would be
     */
    public static int firstShown(List<GoFrame> frames) {
        int i = 0;
        while (i < frames.size() && isParkMachinery(frames.get(i))) {
            i++;
        }
        return i;
    }

    /**
     * Returns the index after the last frame a Go-style dump shows.
     *
     * @param frames a stack, innermost first
     * @param from   the first shown index
     * @return the end index, at least {@code from}
     */
    public static int endShown(List<GoFrame> frames, int from) {
        int end = frames.size();
        while (end > from && isThreadStart(frames.get(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * Returns the frames a Go-style dump shows, or all of them if {@code all} or if the rules
     * would leave none.
     *
     * @param frames a stack, innermost first
     * @param all    show every frame (Go's {@code GOTRACEBACK=system})
     * @return the shown frames, a view of {@code frames}
     */
    public static List<GoFrame> shown(List<GoFrame> frames, boolean all) {
        if (all) {
            return frames;
        }
        int from = firstShown(frames);
        int end = endShown(frames, from);
        return from == end ? frames : frames.subList(from, end);
    }

    /**
     * Returns whether {@code e} is a system thread (see the class comment).
     *
     * @param e a snapshot entry
     * @return true for the JVM's and go4j's own threads
     */
    public static boolean isSystem(Snapshot.Entry e) {
        if (e.kind() != Snapshot.Kind.OTHER || e.thread().isVirtual()) {
            return false;
        }
        if (!inMainGroup(e.thread())) {
            return true;
        }
        StackTraceElement[] stack = e.stack();
        for (int i = stack.length - 1; i >= 0; i--) {
            String cls = stack[i].getClassName();
            if (!isJdk(cls)) {
                return isGo4j(cls);
            }
        }
        return false;
    }

    /** The JDK's park and stack-taking frames and go4j's internals (class comment). */
    static boolean isParkMachinery(GoFrame f) {
        String cls = f.className();
        if (cls.startsWith("io.go4j.internal.") || isGo4jDebug(cls)) {
            return true;
        }
        return switch (cls) {
            case "java.lang.VirtualThread", "java.util.concurrent.locks.LockSupport",
                 "java.lang.StackTraceElement", "java.lang.Throwable" -> true;
            case "java.lang.Thread" -> switch (f.methodName()) {
                case "getStackTrace", "getAllStackTraces", "dumpThreads", "asyncGetStackTrace",
                     "getStackTrace0" -> true;
                default -> false;
            };
            default -> cls.startsWith("java.lang.VirtualThread$") || cls.startsWith("java.lang.System$")
                    || cls.startsWith("jdk.internal.misc.") || cls.startsWith("jdk.internal.vm.")
                    || cls.startsWith("java.lang.StackStreamFactory") || cls.startsWith("java.lang.StackWalker");
        };
    }

    /** How a thread begins: Go's hidden {@code runtime.goexit} (class comment). */
    static boolean isThreadStart(GoFrame f) {
        String cls = f.className();
        if (cls.startsWith("io.go4j.internal.") || cls.equals("io.go4j.Go") || cls.startsWith("io.go4j.Go$")) {
            return true;
        }
        if (cls.equals("java.lang.Thread")) {
            return f.methodName().equals("run") || f.methodName().equals("runWith");
        }
        return cls.equals("java.lang.VirtualThread") || cls.startsWith("java.lang.VirtualThread$")
                || cls.startsWith("jdk.internal.vm.");
    }

    /** The packages of go4j-core and go4j-debug (not go4j's examples, nor tests in sub-packages). */
    private static final java.util.Set<String> GO4J_PACKAGES = java.util.Set.of("io.go4j", "io.go4j.sync",
            "io.go4j.time", "io.go4j.context", "io.go4j.errgroup", "io.go4j.semaphore", "io.go4j.singleflight",
            "io.go4j.debug");

    private static boolean isGo4j(String cls) {
        return cls.startsWith("io.go4j.internal.") || cls.startsWith("io.go4j.debug.internal.")
                || GO4J_PACKAGES.contains(packageOf(cls));
    }

    /** go4j-debug's own code: the dump's frames on the thread taking it. */
    private static boolean isGo4jDebug(String cls) {
        return cls.startsWith("io.go4j.debug.internal.") || packageOf(cls).equals("io.go4j.debug");
    }

    private static String packageOf(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    private static boolean isJdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    private static boolean inMainGroup(Thread t) {
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (g.getName().equals("main")) {
                return true;
            }
        }
        return false;
    }
}
