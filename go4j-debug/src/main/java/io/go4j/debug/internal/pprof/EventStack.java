package io.go4j.debug.internal.pprof;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * EventStack is the current thread's stack as the block and mutex profiles capture it on each
 * sampled event: a cheap key under which {@link EventCounts} finds the stack's record, so that
 * the stack is turned into {@link StackTraceElement}s and cut by go4j-debug's frame rule only
 * the first time it is seen.
 *
 * <p>A key holds, for every frame from the recorder's down to the thread's first (hidden frames
 * included), its declaring class and its bytecode index; and, for the frames whose method the
 * frame below does not determine (see the implementation notes), the method's name, and its
 * descriptor if the class has several methods of that name.
 *
 * <p>Invariants: two {@link #isComplete() complete} captures taken at the same recorder call are
 * {@link #equals equal} only if their frames are the same methods at the same bytecode indexes,
 * so that they have the same stack trace elements (one exception, in the notes: a static
 * initializer). A capture that is not complete (a stack deeper than the walk's limit) is never
 * kept as a key.
 *
 * <p>Non-invariant: a key names few of its methods; it cannot be turned back into a stack (the
 * elements come from a second walk, {@link #visibleElements}, on first sight).
 */
public final class EventStack {
    /*
     * Implementation notes.
     *
     * 1. What a frame costs (JDK 25, measured with a bounded main, 25 frames, on a virtual
     *    thread, on the shared 2-core machine): the walk itself ~100 ns per frame plus ~0.8 us
     *    (StackWalker fills a StackFrame per frame: the class, a VM handle on the method, the
     *    bci); asking a frame its method name ~140 ns more (a call into the VM that interns the
     *    name and makes a String of the descriptor); toStackTraceElement ~30 ns more than that
     *    (line table, module, loader). So the elements were not the main cost of an event: the
     *    names were as costly (a first version keyed by class, name and bci saved ~6%). What is
     *    cheap per frame is the class and the bci.
     *
     * 2. Why class and bci are almost enough. A frame's method is determined by its caller's
     *    method, the bci of the call in it, and the callee's class: the call instruction names
     *    the method (name and descriptor), and a class has one method of a name and descriptor.
     *    By induction from the thread's first frame, a stack of (class, bci) determines its
     *    methods, except where the link from caller to callee is not a call instruction of the
     *    caller:
     *      - the caller is a hidden class (a lambda's proxy, a LambdaForm), in java.lang.invoke
     *        (method handles: the target is data), or reflection's (Method.invoke): the
     *        walk shows these frames (SHOW_HIDDEN_FRAMES), so the break is seen;
     *      - the caller is native (an upcall: Continuation.enterSpecial, JNI);
     *      - the frame has no caller in the capture (the thread's first frame).
     *    At those frames the capture asks the method's name (and, if the class has overloads
     *    of it, its descriptor, which resolves the parameter types: ~3 us, and a capture that
     *    cannot is marked incomplete), unless the frame is one no profile shows (NEVER_SHOWN:
     *    reflection's accessors, LambdaForms, java.lang.invoke's overloaded Holder invokers),
     *    whose method changes nothing printed: its callee is named in turn. (In Frames' fallback
     *    that shows every frame of a stack of machinery only, such frames would print; an event's
     *    stack always holds the go4j call that blocked, which is shown.)
     *
     *    Tempting and wrong: keying by (class, bci) alone. Two methods of one class and one
     *    type, blocking at the same bci, called through one reflective or method-handle call
     *    site, give equal (class, bci) stacks (the LambdaForms are shared by type):
     *    EventStackTest's methodsThroughReflection and methodsThroughMethodHandles fail with it.
     *    With the default walker's frames (hidden ones left out), two lambdas of one class run
     *    from one call site would collide too; with SHOW_HIDDEN_FRAMES their proxies differ.
     *
     *    The one case left: a static initializer run by an invokestatic of its class (the VM
     *    calls <clinit> from the instruction) and that static method both blocking at one bci
     *    under one caller. A blocking static initializer is a bug of its own; if it happens the
     *    profile counts both on whichever was seen first.
     *
     * 3. On first sight, the elements come from a second walk with the default options, as the
     *    profiles always took them (no hidden or reflection frames, ProfileStacks.MAX_DEPTH +
     *    headroom frames), from the recorder: its extra frames at the top are go4j-debug's, which
     *    Frames' top rule drops. Equal complete keys have equal methods at equal bcis below the
     *    recorder, hence equal visible frames and equal elements: the cached record is the one the
     *    slow way would find.
     *
     * 4. The key holds Class references, not names: two classes of one name in two loaders may
     *    have different lines at one bci. A profile keeps the classes on its stacks loaded while
     *    it holds their keys (at most EventCounts.MAX_KEYS).
     */

    /** Most frames a key walks, hidden frames included; a deeper stack is never kept as a key. */
    static final int MAX_FRAMES = 192;

    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));
    private static final StackWalker VISIBLE = StackWalker.getInstance();

    /**
     * Classes whose frames call their callee through data, not a call instruction (note 2);
     * every NEVER_SHOWN class is one, so that a frame left unnamed always has its callee named.
     */
    private static final ClassValue<Boolean> BREAKS_LINKS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            String pkg = c.getPackageName();
            return c.isHidden() || pkg.equals("java.lang.invoke") || pkg.equals("jdk.internal.reflect")
                    || c == Method.class || c == Constructor.class || NEVER_SHOWN.get(c);
        }
    };

    /**
     * Classes whose frames no profile shows, whatever their method: the default walker's
     * reflection frames (which the elements never hold) and what Frames drops as hidden (hidden
     * classes, LambdaForms, java.lang.invoke's Holders). Their callees break links (BREAKS_LINKS)
     * and are named; their own method matters to nothing a profile prints (note 2).
     */
    private static final ClassValue<Boolean> NEVER_SHOWN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            String name = c.getName();
            return c.isHidden() || c == Method.class || c == Constructor.class
                    || REFLECTION_ACCESSORS.stream().anyMatch(a -> a.isAssignableFrom(c))
                    || name.startsWith("java.lang.invoke.LambdaForm$")
                    || (name.startsWith("java.lang.invoke.") && name.endsWith("$Holder"));
        }
    };

    /** The JDK's reflection accessors, whose frames the default walker skips (StackStreamFactory). */
    private static final List<Class<?>> REFLECTION_ACCESSORS = accessors();

    /** Method names a class declares more (or fewer, unknown) than once; null: reflection failed. */
    private static final ClassValue<Set<String>> OVERLOADED = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> c) {
            try {
                Map<String, Integer> counts = new HashMap<>();
                for (Executable m : c.getDeclaredMethods()) {
                    counts.merge(m.getName(), 1, Integer::sum);
                }
                counts.put("<init>", c.getDeclaredConstructors().length);
                Set<String> out = new HashSet<>();
                counts.forEach((name, n) -> {
                    if (n > 1) {
                        out.add(name);
                    }
                });
                return Set.copyOf(out);
            } catch (LinkageError | RuntimeException e) {
                return null;   // a signature's class cannot be loaded: every name may be overloaded
            }
        }
    };

    private final Class<?>[] classes;
    private final int[] bcis;
    private final String[] names;         // null where the frame below determines the method
    private final String[] descriptors;   // null unless the name is overloaded
    private final boolean complete;
    private final int hash;

    private EventStack(Class<?>[] classes, int[] bcis, String[] names, String[] descriptors, boolean complete) {
        this.classes = classes;
        this.bcis = bcis;
        this.names = names;
        this.descriptors = descriptors;
        this.complete = complete;
        int h = 1;
        for (int i = 0; i < classes.length; i++) {
            h = 31 * (31 * h + classes[i].hashCode()) + bcis[i];
            if (names[i] != null) {
                h = 31 * h + names[i].hashCode();
            }
        }
        this.hash = h;
    }

    /**
     * Captures the current thread's stack, starting with the caller of this method.
     *
     * @return the capture
     */
    public static EventStack capture() {
        StackWalker.StackFrame[] frames = WALKER.walk(
                s -> s.skip(1).limit(MAX_FRAMES).toArray(StackWalker.StackFrame[]::new));
        int n = frames.length;
        boolean complete = n < MAX_FRAMES;
        Class<?>[] classes = new Class<?>[n];
        int[] bcis = new int[n];
        String[] names = new String[n];
        String[] descriptors = new String[n];
        for (int i = n - 1; i >= 0; i--) {   // outermost first: a frame's caller is known when it is reached
            StackWalker.StackFrame f = frames[i];
            classes[i] = f.getDeclaringClass();
            bcis[i] = f.getByteCodeIndex();
            boolean linked = i < n - 1 && !frames[i + 1].isNativeMethod() && !BREAKS_LINKS.get(classes[i + 1]);
            if (!linked && !NEVER_SHOWN.get(classes[i])) {
                names[i] = f.getMethodName();
                Set<String> overloaded = OVERLOADED.get(classes[i]);
                if (overloaded == null || overloaded.contains(names[i])) {
                    try {
                        descriptors[i] = f.getDescriptor();
                    } catch (LinkageError | RuntimeException e) {
                        complete = false;   // cannot tell the overloads apart: never a key
                    }
                }
            }
        }
        return new EventStack(classes, bcis, names, descriptors, complete);
    }

    private static List<Class<?>> accessors() {
        List<Class<?>> out = new ArrayList<>();
        for (String name : List.of("jdk.internal.reflect.MethodAccessor", "jdk.internal.reflect.ConstructorAccessor")) {
            try {
                out.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException e) {
                // Another JDK: its accessors' frames are then named like any other (slower, still exact).
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns the current thread's visible stack (the frames a default {@link StackWalker} gives:
     * no hidden or reflection frames) as elements, starting with the caller of this method: the
     * stack as the profiles take it on first sight.
     *
     * @param maxDepth the most frames to take
     * @return the elements, innermost first
     */
    public static StackTraceElement[] visibleElements(int maxDepth) {
        return VISIBLE.walk(s -> s.skip(1).limit(maxDepth)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /**
     * Returns whether the walk reached the thread's first frame and every method it had to name
     * could be named: only a complete capture may be kept as a key.
     *
     * @return true if complete
     */
    public boolean isComplete() {
        return complete;
    }

    /**
     * Returns the number of frames, hidden frames included.
     *
     * @return the depth of the capture
     */
    public int depth() {
        return classes.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EventStack k) || k.hash != hash || k.classes.length != classes.length) {
            return false;
        }
        for (int i = 0; i < classes.length; i++) {
            if (k.classes[i] != classes[i] || k.bcis[i] != bcis[i] || !Objects.equals(k.names[i], names[i])
                    || !Objects.equals(k.descriptors[i], descriptors[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EventStack[");
        for (int i = 0; i < classes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(classes[i].getName()).append('.')
                    .append(names[i] == null ? "?" : names[i]).append(descriptors[i] == null ? "" : descriptors[i])
                    .append('@').append(bcis[i]);
        }
        return sb.append(complete ? "]" : ", ...]").toString();
    }
}
