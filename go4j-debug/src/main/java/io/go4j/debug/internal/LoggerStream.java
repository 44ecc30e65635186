package io.go4j.debug.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * LoggerStream is a {@link PrintStream} whose text, at each {@code flush()}, becomes one message of
 * a {@link System.Logger}: a report printed in pieces and then flushed (a deadlock report, a lock
 * cycle) is one event, its lines kept. The one implementation behind go4j-debug's reports under
 * {@code -Dgo4j.log=system} and go4j-logging's public {@code LoggerPrintStream}.
 *
 * <p>The message is handed to the logger inside {@code flush()}, on the flushing thread: when
 * {@code flush()} returns, a synchronous appender has written it (what an asynchronous one does
 * is its own affair: it may still hold it in its queue).
 */
public final class LoggerStream {
    /** The logger of go4j-debug's deadlock reports (global deadlocks, lock cycles) under {@code -Dgo4j.log=system}. */
    public static final String DEADLOCK_LOGGER = "io.go4j.deadlock";

    private LoggerStream() {}

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
        return new PrintStream(new LoggingStream(System.getLogger(Objects.requireNonNull(name, "name")),
                Objects.requireNonNull(level, "level")), false, StandardCharsets.UTF_8);
    }

    /** The bytes printed since the last flush, logged as one message at the next. */
    private static final class LoggingStream extends OutputStream {
        private final Logger logger;
        private final Level level;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();   // guarded by this

        LoggingStream(Logger logger, Level level) {
            this.logger = logger;
            this.level = level;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            String text;
            synchronized (this) {
                text = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
            }
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (!text.isEmpty()) {
                logger.log(level, text);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
