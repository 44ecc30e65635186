package io.go4j.internal.runtime;

import java.io.PrintStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Panics reports a goroutine's uncaught exception the way Go reports a panic, so that nothing a
 * goroutine throws is lost:
 *
 * <pre>
 * panic: java.lang.IllegalStateException: boom
 *
 * goroutine 42 [running]:
 * com.example.Main.lambda$main$0(...)
 * 	Main.java:12
 * created by com.example.Main.main in goroutine 1
 * 	Main.java:11
 * </pre>
 *
 * If the application installed a default uncaught-exception handler, that handler is called
 * instead of printing (the application chose how to report); with {@code -Dgo4j.log=system} the
 * report goes to the {@link System.Logger} named {@code io.go4j} at {@code ERROR}. With
 * {@code -Dgo4j.panic=exit} the process then halts with status 2, as a Go program does on an
 * unrecovered panic.
 */
public final class Panics {
    /** Exit status of a Go program that died of a panic. */
    public static final int PANIC_EXIT_STATUS = 2;

    /** The class of Go.ThrowingRunnable, whose default run() calls every lambda passed to go(). */
    private static final String THROWING_RUNNABLE = "io.go4j.Go$ThrowingRunnable";

    /** The System.Logger that receives panic reports under {@code -Dgo4j.log=system}. */
    public static final String LOGGER = "io.go4j";

    private Panics() {}

    /**
     * Reports goroutine {@code g}'s uncaught {@code panic}: in Go's format, or through the handler
     * the application installed on its thread if it replaced go4j's (the application chose how to
     * report, as Java lets it). Either way {@code -Dgo4j.panic=exit} then halts the process.
     */
    static void dispatch(Goroutine g, Thread thread, Throwable panic) {
        Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
        if (h == g) {
            report(thread, panic);
            return;
        }
        try {
            h.uncaughtException(thread, panic);
        } finally {
            if (Hooks.PANIC_EXITS) {
                Runtime.getRuntime().halt(PANIC_EXIT_STATUS);
            }
        }
    }

    static void report(Thread thread, Throwable panic) {
        Thread.UncaughtExceptionHandler appHandler = Thread.getDefaultUncaughtExceptionHandler();
        if (appHandler != null) {
            appHandler.uncaughtException(thread, panic);
        } else if (Hooks.SYSTEM_LOGGER) {
            System.getLogger(LOGGER).log(System.Logger.Level.ERROR, format(thread, panic));
        } else {
            PrintStream err = System.err;
            synchronized (err) {
                err.print(format(thread, panic));
                err.flush();
            }
        }
        if (Hooks.PANIC_EXITS) {
            Runtime.getRuntime().halt(PANIC_EXIT_STATUS);
        }
    }

    /**
     * Reports a fatal error of the runtime ({@code fatal error: ...}), one line, as panics are
     * reported: to standard error, or under {@code -Dgo4j.log=system} to the {@code System.Logger}
     * {@value #LOGGER} at {@code ERROR}. Returns once it is written (or handed to the logger), so
     * that the caller may end the process.
     */
    public static void fatal(String message) {
        write(System.Logger.Level.ERROR, message);
    }

    /**
     * Reports something go4j dropped without failing (a listener's exception), as {@link #fatal}
     * reports, at {@code WARNING} under {@code -Dgo4j.log=system}.
     */
    static void warn(String message) {
        write(System.Logger.Level.WARNING, message);
    }

    private static void write(System.Logger.Level level, String message) {
        if (Hooks.SYSTEM_LOGGER) {
            System.getLogger(LOGGER).log(level, message);
        } else {
            PrintStream err = System.err;
            synchronized (err) {
                err.println(message);
                err.flush();
            }
        }
    }

    /**
     * Formats {@code panic}, thrown in goroutine {@code thread}, in Go's panic format. What the
     * panic encloses follows its frames as in the JDK's {@code printStackTrace}: its suppressed
     * exceptions one tab deeper ({@code suppressed: ...}), then its cause ({@code caused by:
     * ...}), each with its own suppressed exceptions and causes; an exception already printed is
     * shown as {@code [CIRCULAR REFERENCE: ...]} and not followed, so a cycle ends.
     */
    public static String format(Thread thread, Throwable panic) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("panic: ").append(panic).append("\n\n");
        sb.append("goroutine ").append(thread.threadId()).append(" [running]:\n");
        appendFrames(sb, "", panic.getStackTrace());
        Set<Throwable> printed = Collections.newSetFromMap(new IdentityHashMap<>());
        printed.add(panic);
        appendEnclosed(sb, panic, "", printed);
        Goroutine g = Registry.of(thread);
        if (g != null) {
            sb.append(createdBy(g)).append('\n');
            StackTraceElement site = g.createdBy();
            if (site != null) {
                sb.append('\t').append(location(site)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Returns Go's {@code created by F in goroutine N} line for {@code g}. */
    public static String createdBy(Goroutine g) {
        StackTraceElement site = g.createdBy();
        String fn = site == null ? "unknown" : site.getClassName() + "." + site.getMethodName();
        return "created by " + fn + " in goroutine " + g.creatorId();
    }

    /**
     * Appends what {@code t} (already printed at {@code prefix}) encloses: its suppressed
     * exceptions at {@code prefix} plus a tab, then its chain of causes at {@code prefix}. The
     * cause chain is a loop and only nested suppressed exceptions recurse, so a long chain of
     * causes costs no stack depth.
     */
    private static void appendEnclosed(StringBuilder sb, Throwable t, String prefix, Set<Throwable> printed) {
        for (Throwable cur = t; ; ) {
            for (Throwable s : cur.getSuppressed()) {
                String inner = prefix + '\t';
                if (appendHeader(sb, s, "suppressed: ", inner, printed)) {
                    appendEnclosed(sb, s, inner, printed);
                }
            }
            Throwable cause = cur.getCause();
            if (cause == null || !appendHeader(sb, cause, "caused by: ", prefix, printed)) {
                return;
            }
            cur = cause;
        }
    }

    /**
     * Appends {@code t}'s caption line and frames, or, if it was printed before, a circular
     * reference line; returns whether its own enclosed exceptions are to follow.
     */
    private static boolean appendHeader(StringBuilder sb, Throwable t, String caption, String prefix,
                                        Set<Throwable> printed) {
        if (!printed.add(t)) {
            sb.append(prefix).append(caption).append("[CIRCULAR REFERENCE: ").append(t).append("]\n");
            return false;
        }
        sb.append(prefix).append(caption).append(t).append('\n');
        appendFrames(sb, prefix, t.getStackTrace());
        return true;
    }

    private static void appendFrames(StringBuilder sb, String prefix, StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            if (f.getClassName().equals(Goroutine.class.getName())) {
                break;  // the goroutine's entry point: below it is only the JDK's thread start
            }
            if (f.getClassName().equals(THROWING_RUNNABLE)) {
                continue;  // go()'s adapter for lambdas that may throw: not the user's code
            }
            sb.append(prefix).append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n");
            sb.append(prefix).append('\t').append(location(f)).append('\n');
        }
    }

    private static String location(StackTraceElement f) {
        String file = f.getFileName() == null ? "?" : f.getFileName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }
}
