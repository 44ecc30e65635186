package io.go4j.race.internal.rt;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reporter prints data races in the shape of Go's race detector, once per pair of source
 * locations, counts them, and at exit prints {@code Found N data race(s)} and ends the process
 * with the {@code exitcode} option (66).
 *
 * <p>Invariants: a pair of sites is reported at most once (unordered: a write at A racing with a
 * read at B is the same race as the read at B racing with the write at A). Reports are printed
 * whole: one report's lines are never interleaved with another's.
 */
public final class Reporter {
    /** The separator Go prints before and after each report. */
    static final String RULE = "==================";
    /**
     * What Go prints in place of the frames of a previous access whose stack its history no
     * longer holds (TSan's Go report format: two spaces, the text, no frames after it).
     */
    static final String FAILED_TO_RESTORE = "  [failed to restore the stack]";
    /** The most frames printed for one stack; Go's default is in the same range. */
    private static final int MAX_FRAMES = 32;

    private static volatile Options options = Options.parse(null);
    private static final Set<Long> REPORTED = new HashSet<>();       // guarded by Reporter.class
    private static int found;                                         // guarded by Reporter.class
    private static PrintStream out = System.err;                      // guarded by Reporter.class
    private static volatile LabelSource labels = () -> Map.of();

    /** Reads the current goroutine's profiler labels (go4j's, when go4j is there). */
    @FunctionalInterface
    public interface LabelSource {
        /**
         * Returns the current goroutine's labels.
         *
         * @return the labels, empty if none
         */
        Map<String, String> labels();
    }

    /** A report kept for go4j-test. */
    public record Kept(String report, Map<String, String> labels) {}

    private static final List<Kept> KEPT = new ArrayList<>();   // guarded by Reporter.class

    private Reporter() {}

    /**
     * Installs the options (and sizes the call-site history by {@code history_size}) and, at
     * exit, the summary and exit status.
     *
     * @param o the options
     */
    public static synchronized void install(Options o) {
        options = o;
        CallNode.configure(o.historySize());
        if (o.logPath() != null) {
            try {
                out = new PrintStream(new FileOutputStream(o.logPath() + "." + ProcessHandle.current().pid()),
                        true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("go4j-race: cannot open log_path " + o.logPath(), e);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Reporter::atExit, "go4j-race exit"));
    }

    /**
     * Sets where labels come from (go4j's {@code Go.labels()}).
     *
     * @param source the source
     */
    public static void labelSource(LabelSource source) {
        labels = source;
    }

    /**
     * Returns the options in force.
     *
     * @return the options
     */
    public static Options options() {
        return options;
    }

    /**
     * Returns how many races were reported so far.
     *
     * @return the count
     */
    public static synchronized int found() {
        return found;
    }

    /**
     * Returns the reports kept since the last call and forgets them (go4j-test's RaceReports).
     *
     * @return the reports
     */
    public static synchronized List<Kept> drain() {
        List<Kept> r = List.copyOf(KEPT);
        KEPT.clear();
        return r;
    }

    /**
     * Reports a race between the current access and a previous one, unless the pair of sites was
     * reported already.
     *
     * @param now       "Read" or "Write"
     * @param where     the location, e.g. {@code pkg.Class.field}
     * @param site      the current access's site
     * @param by        the current goroutine
     * @param before    "read" or "write"
     * @param prevSite  the previous access's site
     * @param prevBy    the previous access's goroutine
     * @param prevHistory the previous access's callers, a {@link CallNode#record} id
     */
    static void race(String now, String where, int site, ThreadState by, String before, int prevSite,
                     ThreadState prevBy, long prevHistory) {
        long pair = site < prevSite ? ((long) site << 32) | prevSite : ((long) prevSite << 32) | site;
        synchronized (Reporter.class) {
            if (!REPORTED.add(pair)) {
                return;
            }
        }
        String text = format(now, where, by, currentStack(), before, prevBy, siteStack(prevSite, prevHistory));
        Map<String, String> l;
        try {
            l = labels.labels();
        } catch (RuntimeException | LinkageError e) {
            l = Map.of();
        }
        synchronized (Reporter.class) {
            found++;
            KEPT.add(new Kept(text, l));
            out.print(text);
            out.flush();
            if (options.haltOnError()) {
                Runtime.getRuntime().halt(options.exitCode());
            }
        }
    }

    /** Formats one report exactly as Go lays one out (addresses replaced by {@code where}). */
    static String format(String now, String where, ThreadState by, List<String> stack, String before,
                         ThreadState prevBy, List<String> prevStack) {
        StringBuilder b = new StringBuilder();
        b.append(RULE).append('\n').append("WARNING: DATA RACE\n");
        b.append(now).append(" at ").append(where).append(" by ").append(by.name()).append(":\n");
        stack.forEach(f -> b.append(f).append('\n'));
        b.append('\n');
        b.append("Previous ").append(before).append(" at ").append(where).append(" by ").append(prevBy.name())
                .append(":\n");
        prevStack.forEach(f -> b.append(f).append('\n'));
        creation(b, by);
        if (prevBy != by) {
            creation(b, prevBy);
        }
        b.append(RULE).append('\n');
        return b.toString();
    }

    private static void creation(StringBuilder b, ThreadState g) {
        List<String> frames = g.createdAt.frames();
        if (g.main || frames.isEmpty()) {
            return;
        }
        b.append('\n').append("Goroutine ").append(g.goid).append(g.isFinished() ? " (finished)" : " (running)")
                .append(" created at:\n");
        frames.forEach(f -> b.append(f).append('\n'));
    }

    /**
     * Where a goroutine (or thread) was created, for its report's "created at": the creator's
     * chain of call sites (the history's node it was in), or, when it has none, the frames of a
     * stack walk.
     *
     * <p>Why the chain first: a stack walk at every {@code go()} was most of the detector's cost
     * of starting a goroutine (WaitGroupBenchmark's fan-out of 10,000, under the agent: 20 µs
     * a goroutine with it, 7 without). The creator's node is already there, kept up to date by
     * every instrumented call, and is formatted only if a report needs it. It holds the same
     * frames as the walk's user frames when the creator is instrumented code, which is when the
     * chain exists; it lacks, as previous stacks do ("Not yet" in the README), frames of
     * uninstrumented code between two of the user's. The node is held, not its id: a goroutine's
     * creation is printed whenever it races, however old (a retired node keeps its own chain
     * alive and nothing else: CallNode's note 2).
     *
     * @param chain  the creator's node, or null
     * @param walked the frames of a walk, used when there is no chain
     */
    record Creation(CallNode chain, List<String> walked) {
        static final Creation NONE = new Creation(null, List.of());

        /** Returns the formatted frames, innermost first. */
        List<String> frames() {
            return chain == null ? walked : callers(new ArrayList<>(), chain);
        }
    }

    /** Returns where the current thread, {@code creator}, is creating a goroutine or thread. */
    static Creation creation(ThreadState creator) {
        CallNode n = creator.node;
        if (creator.overflow == 0 && n != CallNode.ROOT) {
            return new Creation(n, List.of());
        }
        return new Creation(null, currentStack());   // outside instrumented calls, or deeper than the history
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * What a stack walk needs to know of a class, computed once per class for the options in
     * force: whether it is the user's (Options' include and exclude, by name and code source)
     * and its frames already formatted, by method and line. Formatting each frame of a walk
     * (strings, path rewriting) was a quarter of WaitGroupBenchmark's fan-out under the agent
     * when every {@code go()} walked its creator's stack; it now walks only when the creator has
     * no chain of call sites ({@link Creation}), and for each report's current stack.
     */
    private record ClassFrames(Options options, boolean user, java.util.concurrent.ConcurrentHashMap<MethodLine, String> frames) {}

    /**
     * A frame's key within its class. (By bytecode index, a frame would not have to resolve its
     * line first, but overloads need the descriptor then, which costs as much to get.)
     */
    private record MethodLine(String method, int line) {}

    private static final ClassValue<ClassFrames> CLASS_FRAMES = new ClassValue<>() {
        @Override
        protected ClassFrames computeValue(Class<?> c) {
            java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
            String location = cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
            Options o = options;
            return new ClassFrames(o, o.instruments(c.getName(), location), new java.util.concurrent.ConcurrentHashMap<>());
        }
    };

    private static ClassFrames classFrames(Class<?> c) {
        ClassFrames cf = CLASS_FRAMES.get(c);
        if (cf.options != options) {   // new options (tests install several): forget what the old ones decided
            CLASS_FRAMES.remove(c);
            cf = CLASS_FRAMES.get(c);
        }
        return cf;
    }

    /** Returns the current thread's stack, user frames from the first one, formatted. */
    static List<String> currentStack() {
        // From the first application frame to the last one: the runtime's frames above and the
        // JDK's or go4j's below (Thread.run, a pool's worker loop) are not the user's story.
        return WALKER.walk(s -> {
            List<String> out = new ArrayList<>();
            int lastUser = 0;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) s::iterator) {
                ClassFrames cf = classFrames(f.getDeclaringClass());
                if ((cf.user || !out.isEmpty()) && !f.getClassName().startsWith("io.go4j.race.internal.")
                        && out.size() < MAX_FRAMES) {
                    out.add(cf.frames.computeIfAbsent(new MethodLine(f.getMethodName(), f.getLineNumber()),
                            k -> frame(f.getClassName(), k.method, f.getFileName(), k.line)));
                    if (cf.user) {
                        lastUser = out.size();
                    }
                }
            }
            return out.subList(0, lastUser);
        });
    }

    /**
     * The previous access's stack: its site, then its callers' call sites, innermost first; or,
     * if the history no longer holds its callers, Go's line in place of all of them (the site
     * too, as Go prints it: one shape for tools that read Go's reports).
     */
    private static List<String> siteStack(int site, long history) {
        CallNode callers = CallNode.restore(history);
        if (callers == null) {
            return List.of(FAILED_TO_RESTORE);
        }
        List<String> out = new ArrayList<>();
        Sites.Site s = Sites.get(site);
        out.add(frame(s.className, s.method, s.file, s.line));
        return callers(out, callers);
    }

    /** Appends the call sites of {@code callers}'s chain, innermost first, to {@code out}; returns it. */
    private static List<String> callers(List<String> out, CallNode callers) {
        for (CallNode n = callers; n != null && n != CallNode.ROOT && out.size() < MAX_FRAMES; n = n.parent) {
            Sites.Site c = Sites.get(n.site);
            out.add(frame(c.className, c.method, c.file, c.line));
        }
        return out;
    }

    /** Formats one frame in Go's two lines: {@code "  pkg.Class.method()"}, {@code "      pkg/File.java:12"}. */
    static String frame(String className, String method, String file, int line) {
        int dot = className.lastIndexOf('.');
        String dir = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        String path = dir + (file == null ? "?" : file);
        String strip = options.stripPathPrefix();
        if (!strip.isEmpty() && path.startsWith(strip)) {
            path = path.substring(strip.length());
        }
        return "  " + className + "." + method + "()\n      " + path + ":" + Math.max(line, 0);
    }

    private static void atExit() {
        synchronized (Reporter.class) {
            if (found > 0) {
                out.println("Found " + found + " data race(s)");
                out.flush();
                Runtime.getRuntime().halt(options.exitCode());
            }
        }
    }
}
