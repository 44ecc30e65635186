package io.go4j.internal.runtime;

import java.io.PrintStream;

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
 * instead of printing (the application chose how to report). With {@code -Dgo4j.panic=exit} the
 * process then halts with status 2, as a Go program does on an unrecovered panic.
 */
public final class Panics {
    /** Exit status of a Go program that died of a panic. */
    public static final int PANIC_EXIT_STATUS = 2;

    /** The class of Go.ThrowingRunnable, whose default run() calls every lambda passed to go(). */
    private static final String THROWING_RUNNABLE = "io.go4j.Go$ThrowingRunnable";

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

    /** Formats {@code panic}, thrown in goroutine {@code thread}, in Go's panic format. */
    public static String format(Thread thread, Throwable panic) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("panic: ").append(panic).append("\n\n");
        sb.append("goroutine ").append(thread.threadId()).append(" [running]:\n");
        appendFrames(sb, panic.getStackTrace());
        for (Throwable cause = panic.getCause(); cause != null && cause != panic; cause = cause.getCause()) {
            sb.append("caused by: ").append(cause).append('\n');
            appendFrames(sb, cause.getStackTrace());
        }
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

    private static void appendFrames(StringBuilder sb, StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            if (f.getClassName().equals(Goroutine.class.getName())) {
                break;  // the goroutine's entry point: below it is only the JDK's thread start
            }
            if (f.getClassName().equals(THROWING_RUNNABLE)) {
                continue;  // go()'s adapter for lambdas that may throw: not the user's code
            }
            sb.append(f.getClassName()).append('.').append(f.getMethodName()).append("(...)\n");
            sb.append('\t').append(location(f)).append('\n');
        }
    }

    private static String location(StackTraceElement f) {
        String file = f.getFileName() == null ? "?" : f.getFileName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }
}
