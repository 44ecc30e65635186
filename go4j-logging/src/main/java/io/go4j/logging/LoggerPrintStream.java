package io.go4j.logging;

import io.go4j.debug.internal.LoggerStream;

import java.io.PrintStream;
import java.lang.System.Logger.Level;

/**
 * LoggerPrintStream turns what go4j's tools print into log messages: a {@link PrintStream} whose
 * text, at each {@code flush()}, becomes one message of a {@link System.Logger}, so that a report
 * printed in several pieces and then flushed (a deadlock report, a lock cycle) is one event, its
 * lines kept. Give it where a go4j tool takes a {@code PrintStream}:
 *
 * <pre>{@code
 * Deadlocks.start(Deadlocks.Options.defaults()
 *         .withLockCycles(true)
 *         .withOutput(LoggerPrintStream.of("io.go4j.deadlock", System.Logger.Level.ERROR)));
 * }</pre>
 *
 * <p>With a {@code System.Logger} bridge on the class path ({@code slf4j-jdk-platform-logging},
 * {@code log4j-jpl}) the messages reach the application's logs. Under {@code -Dgo4j.log=system}
 * the watcher's default output is already such a stream, of the logger {@code io.go4j.deadlock}.
 */
public final class LoggerPrintStream {
    private LoggerPrintStream() {}

    /**
     * Returns a print stream that logs its text, at each flush, as one message of the
     * {@code System.Logger} named {@code name} at {@code level} (a trailing line break is
     * dropped; nothing is logged for an empty flush). Closing it flushes it. Safe for use by
     * several threads: each flush logs what was printed before it.
     *
     * @param name  the logger's name
     * @param level the level of its messages
     * @return the print stream
     * @throws NullPointerException if an argument is null
     */
    public static PrintStream of(String name, Level level) {
        return LoggerStream.of(name, level);
    }
}
