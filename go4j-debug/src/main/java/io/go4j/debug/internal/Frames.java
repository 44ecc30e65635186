package io.go4j.debug.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Frames is go4j-debug's one rule for which Java frames a goroutine's stack shows, in the dumps
 * and in the profiles alike, as Go's tracebacks and profiles hide the runtime's own frames
 * ({@code runtime.gopark}, {@code runtime.chanrecv}, {@code runtime.goexit}); and which threads
 * are the JVM's or go4j's own (Go's "system goroutines", which its dumps leave out).
 *
 * <p>A stack shows what lies between its <em>machinery</em> at the top and its <em>thread
 * start</em> at the bottom, without hidden frames:
 * <ul>
 *   <li>Top. If a frame of go4j's public API ({@code io.go4j.Chan.recv},
 *       {@code io.go4j.sync.Mutex.lock}, a package-private helper of such a package) is reached
 *       from the top through the JDK and go4j's own code only ({@code io.go4j.internal.*},
 *       go4j-debug), the stack starts there: a goroutine blocked in a receive shows
 *       {@code Chan.recv} then its caller, as Go shows {@code main.worker} under its hidden
 *       {@code runtime.chanrecv}. Otherwise only the <em>park machinery</em> is dropped: the
 *       JDK's parking and stack-taking frames ({@code VirtualThread.park},
 *       {@code LockSupport.park}, {@code Thread.getStackTrace}, the continuation) and go4j's own
 *       code; other JDK frames stay ({@code Thread.sleep}, socket reads,
 *       {@code ReentrantLock.lock}), as Go shows {@code time.Sleep} and {@code internal/poll}.</li>
 *   <li>Bottom. The frames that only start a thread or a goroutine ({@code VirtualThread.run},
 *       {@code Thread.run}, the continuation's entry, go4j's goroutine runner, the {@code Go.go}
 *       adapters) are dropped, as Go hides {@code runtime.goexit}.</li>
 *   <li>Hidden frames (lambda proxies, method-handle adapters), which exceptions and
 *       {@code StackWalker} leave out but some stack sources (JFR, platform-thread dumps) give,
 *       are dropped.</li>
 *   <li>If nothing would be left, every frame is shown (Go does the same).</li>
 * </ul>
 * A CPU sample's stack is cut at the bottom only ({@link #withoutThreadStart}): every frame
 * above is CPU work.
 *
 * <p>The same rule serves go4j-test's reports of leaked goroutines, and its "top function"
 * ({@link #topFunction}, goleak's {@code IgnoreTopFunction}): the innermost shown frame outside
 * the JDK and go4j.
 *
 * <p>A system thread is a platform thread outside the {@code main} thread group (the JVM's
 * Reference Handler, Finalizer, Signal Dispatcher, Common-Cleaner...), or one whose outermost
 * non-JDK frame is go4j's own ({@code go4j-timer}, the Pool cleaner). Goroutines and threads
 * go4j adopted are never system threads.
 */
public final class Frames {
    /*
     * Implementation notes.
     *
     * 1. One rule. The dumps (part A) and the profiles (part B) each wrote one; this class keeps
     *    the union of what each got right: the profiles' "public API reached through machinery"
     *    (it also hides go4j's internals when they park through JDK code, as time.Sleep does),
     *    the dumps' narrow "park machinery" for the other stacks (so a thread in
     *    ReentrantLock.lock shows the lock, not the continuation's yield), the profiles' hidden
     *    frames, the dumps' fallback. The profiles' depth cap stays theirs (ProfileStacks):
     *    Go's tracebacks are not capped that way.
     *
     * 2. "Public go4j API" is the package list of go4j-core's unqualified exports (its
     *    module-info.java), written out because the tests run on the class path, where the module
     *    descriptor is not available; FramesTest checks the list against module-info.
     *
     * 3. Stack sources differ: Thread.getStackTrace (snapshots) starts with the stack-taking
     *    frames on the current thread and with the park frames elsewhere; StackWalker (events,
     *    pprof.EventStack) starts at the caller of walk, in go4j-debug's recorder. The top rule
     *    drops both. The rule reads only class and method names, never lines: the profiles rely
     *    on it to cut an event's stack once per distinct capture (pprof.EventCounts).
     */

    /** go4j-core's exported packages (its module-info.java's unqualified {@code exports}). */
    static final Set<String> API_PACKAGES = Set.of("io.go4j", "io.go4j.sync", "io.go4j.time",
            "io.go4j.context", "io.go4j.errgroup", "io.go4j.semaphore", "io.go4j.singleflight");

    private Frames() {}

    /**
     * Returns which frames of {@code stack} a goroutine's stack shows (see the class comment),
     * for a goroutine seen from outside (a dump, the goroutine profile) or captured on its own
     * thread while reporting an event (the block and mutex profiles).
     *
     * @param stack a stack, innermost frame first
     * @return for each frame, whether it is shown; at least one true unless {@code stack} is empty
     */
    public static boolean[] shownMask(StackTraceElement[] stack) {
        boolean[] shown = new boolean[stack.length];
        int bottom = bottom(stack);
        int top = top(stack, bottom);
        int kept = 0;
        for (int i = top; i < bottom; i++) {
            shown[i] = !isHidden(stack[i].getClassName());
            kept += shown[i] ? 1 : 0;
        }
        if (kept == 0) {
            java.util.Arrays.fill(shown, true);
        }
        return shown;
    }

    /**
     * Returns the frames of {@code stack} a goroutine's stack shows (see {@link #shownMask}).
     *
     * @param stack a stack, innermost frame first
     * @return the shown frames, innermost first
     */
    public static StackTraceElement[] shown(StackTraceElement[] stack) {
        boolean[] mask = shownMask(stack);
        List<StackTraceElement> out = new ArrayList<>(stack.length);
        for (int i = 0; i < stack.length; i++) {
            if (mask[i]) {
                out.add(stack[i]);
            }
        }
        return out.toArray(StackTraceElement[]::new);
    }

    /**
     * Returns a CPU sample's frames: all but the thread start and the hidden frames (every
     * frame above is CPU work); all of them if nothing would be left.
     *
     * @param stack a stack, innermost frame first
     * @return the frames, innermost first
     */
    public static StackTraceElement[] withoutThreadStart(StackTraceElement[] stack) {
        int bottom = bottom(stack);
        List<StackTraceElement> out = new ArrayList<>(bottom);
        for (int i = 0; i < bottom; i++) {
            if (!isHidden(stack[i].getClassName())) {
                out.add(stack[i]);
            }
        }
        return out.isEmpty() ? stack.clone() : out.toArray(StackTraceElement[]::new);
    }

    /**
     * Returns a goroutine's top function, as goleak's {@code IgnoreTopFunction} means it: the
     * innermost shown frame (see {@link #shownMask}) that is neither the JDK's nor go4j's own
     * (its public API, its internals, go4j-debug), as Go's is the innermost frame outside its
     * runtime; null if there is none.
     *
     * @param stack a stack, innermost frame first
     * @return the top function ({@link #function}), or null
     */
    public static String topFunction(StackTraceElement[] stack) {
        for (StackTraceElement f : shown(stack)) {
            String cls = f.getClassName();
            if (!isJdk(cls) && !isApi(cls) && !isGo4jOwn(cls) && !isHidden(cls)) {
                return function(f);
            }
        }
        return null;
    }

    /**
     * Returns a frame's function as Go's tracebacks and profiles name one: its class's binary
     * name, a dot, its method's name ({@code com.acme.Worker$Inner.lambda$run$0}).
     *
     * @param f a frame
     * @return the function's name
     */
    public static String function(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }

    /**
     * Returns the path of a class's source file as go4j-debug's dumps and profiles print it: its
     * package as directories, then {@code fileName}; or, when {@code fileName} is null (no
     * SourceFile attribute), the top-level class's simple name with {@code .java}.
     *
     * @param className a binary class name, e.g. {@code io.go4j.Chan$Inner}
     * @param fileName  the SourceFile attribute, or null
     * @return e.g. {@code io/go4j/Chan.java}
     */
    public static String sourcePath(String className, String fileName) {
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        if (fileName != null) {
            return dir + fileName;
        }
        String simple = className.substring(dot + 1);
        int dollar = simple.indexOf('$');
        return dir + (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }

    /**
     * Reports whether {@code className} belongs to go4j-core's public packages.
     *
     * @param className a binary class name
     * @return true for e.g. {@code io.go4j.sync.Mutex}
     */
    public static boolean isApi(String className) {
        return API_PACKAGES.contains(packageOf(className));
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
                return isApi(cls) || isGo4jOwn(cls);
            }
        }
        return false;
    }

    /** The index of the first shown frame: the API call, or past the park machinery (class comment). */
    private static int top(StackTraceElement[] s, int bottom) {
        for (int i = 0; i < bottom; i++) {
            String cls = s[i].getClassName();
            if (isApi(cls)) {
                return i;
            }
            if (!isJdk(cls) && !isGo4jOwn(cls) && !isHidden(cls)) {
                break;   // the application's code comes first: no API call to start from
            }
        }
        int i = 0;
        while (i < bottom && (isParkMachinery(s[i]) || isHidden(s[i].getClassName()))) {
            i++;
        }
        return i;
    }

    /** The index just past the last frame that is not a thread's start. */
    private static int bottom(StackTraceElement[] s) {
        int bottom = s.length;
        while (bottom > 0 && (isThreadStart(s[bottom - 1]) || isHidden(s[bottom - 1].getClassName()))) {
            bottom--;
        }
        return bottom;
    }

    /** The JDK's park and stack-taking frames and go4j's own code (class comment). */
    private static boolean isParkMachinery(StackTraceElement f) {
        String cls = f.getClassName();
        if (isGo4jOwn(cls)) {
            return true;
        }
        return switch (cls) {
            case "java.lang.VirtualThread", "java.util.concurrent.locks.LockSupport",
                 "java.lang.StackTraceElement", "java.lang.Throwable" -> true;
            case "java.lang.Thread" -> switch (f.getMethodName()) {
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
    private static boolean isThreadStart(StackTraceElement f) {
        String cls = f.getClassName();
        if (cls.startsWith("io.go4j.internal.") || cls.equals("io.go4j.Go") || cls.startsWith("io.go4j.Go$")) {
            return true;
        }
        if (cls.equals("java.lang.Thread")) {
            return f.getMethodName().equals("run") || f.getMethodName().equals("runWith");
        }
        return cls.equals("java.lang.VirtualThread") || cls.startsWith("java.lang.VirtualThread$")
                || cls.startsWith("jdk.internal.vm.");
    }

    /** A hidden class (its name has a '/': {@code Foo$$Lambda/0x...}) or a method-handle adapter. */
    private static boolean isHidden(String cls) {
        return cls.indexOf('/') >= 0 || cls.startsWith("java.lang.invoke.LambdaForm$")
                || (cls.startsWith("java.lang.invoke.") && cls.endsWith("$Holder"));
    }

    /** go4j-core's internals and go4j-debug's own code (its API too: the thread taking a dump). */
    private static boolean isGo4jOwn(String cls) {
        return cls.startsWith("io.go4j.internal.") || cls.startsWith("io.go4j.debug.internal.")
                || packageOf(cls).equals("io.go4j.debug");
    }

    private static boolean isJdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    private static String packageOf(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
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
