package io.go4j.debug;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.internal.leak.LeakFinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * GoroutineDump writes every goroutine's stack in Go's formats: the full dump of
 * {@code runtime.Stack(buf, true)} and pprof's {@code debug=2}, the grouped goroutine profile of
 * pprof's {@code debug=1}, and JSON for tools.
 *
 * <p>What it lists: the goroutines started by {@code go()} and {@code goLocked()}, the threads
 * go4j has seen wait in one of its primitives (main, say), and with
 * {@link Options#otherThreads()} every other live platform thread, with the best state Java can
 * tell ({@code running}, {@code waiting}, {@code sleep}, {@code IO wait}). The goroutine calling
 * first, then the others by id; the JVM's and go4j's own service threads (Reference Handler,
 * the timer thread...) are left out unless every frame is asked for, as Go leaves out its
 * runtime's goroutines. Ids are thread ids ({@code Go.goid()}).
 *
 * <h2>Full format ({@link Format#FULL})</h2>
 * <pre>
 * goroutine 42 [chan receive, 3 minutes]:
 * io.go4j.Chan.recv(...)
 *         io/go4j/Chan.java:127
 * io.example.Main.worker(...)
 *         io/example/Main.java:12
 * created by io.example.Main.main in goroutine 1
 *         io/example/Main.java:30
 * </pre>
 * <p>(Each file line starts with one tab.) The header has Go's wait reasons ({@code chan receive},
 * {@code select}, {@code sync.Mutex.Lock}... as modern Go names them), the wait in whole minutes
 * from one minute on, {@code , locked to thread} for {@code goLocked} goroutines, and the
 * profiler labels as Go 1.26 prints them ({@code goroutine 7 [select labels:{"job": "ingest"}]:}).
 * A Java frame prints as Go's function line ({@code class.method(...)}) and file line (the
 * package as a path, after the module name for a class in a named module:
 * {@code java.base/java/lang/Thread.java:1583}). As Go hides {@code runtime.gopark} and
 * {@code runtime.goexit}, the JDK's park frames, go4j's internals above the first public go4j
 * call (so a receive shows {@code io.go4j.Chan.recv} then its caller) and the thread's start
 * frames are hidden; {@link #write(Appendable, Options, boolean)} shows them all.
 *
 * <p>In go4j's leak mode ({@link Leaks}), the goroutines proven leaked follow the live ones, as
 * Go 1.26 shows the goroutines its collector proved leaked: their status ends with
 * {@code (leaked)} ({@code goroutine 9 [chan send (leaked)]:}), and their stack is the one taken
 * just before the proving collection (their threads were collected).
 *
 * <h2>Grouped format ({@link Format#GROUPED})</h2>
 * <pre>
 * goroutine profile: total 12
 * 10 @ 0x7a1c0080 0x5e2a000d
 * # labels: {"worker":"x"}
 * #       0x7a1c007f      io.go4j.Chan.recv+0x7f          io/go4j/Chan.java:127
 * #       0x5e2a000c      io.example.Main.worker+0xc      io/example/Main.java:12
 * </pre>
 * <p>Each distinct stack and label set once, with its count, most frequent first, in pprof's
 * layout (tab-aligned columns). Java has no program counters: each frame gets a synthetic
 * address, stable across runs and JVMs, derived from its module, class and method (the
 * function's "entry") plus its line number (so the {@code +0x..} offset is the line, in hex).
 * Identical stacks print identical {@code @} lines, and tools that parse pprof's text parse them.
 *
 * <h2>Beyond Go</h2>
 * <p>With {@link Options#exactWaits()} and {@link Options#blockers()}, the text formats add one
 * line starting with {@code "# "} (pprof's comment prefix) after a goroutine's header, or after
 * a group's {@code @} and labels lines: {@code # waited 3m15.25s on chan 17 (len 2, cap 4)},
 * {@code # on sync.Mutex@1b6d3586 held by goroutine 12},
 * {@code # on select on chan 3 (len 0, cap 0), nil chan}; durations as Go's
 * {@code time.Duration} prints them. Parsers of Go's format read these dumps if they skip lines
 * starting with {@code "# "}; without those options the text is Go's.
 *
 * <h2>JSON ({@link Format#JSON}), schema {@code go4j.goroutines} version 1</h2>
 * <pre>
 * {"schema": "go4j.goroutines", "version": 1, "total": N, "goroutines": [
 *   {"id": 42,                      // thread id
 *    "name": "worker-1",            // thread name, "" if none
 *    "kind": "goroutine",           // "goroutine" (go/goLocked), "adopted" (seen waiting), "other",
 *                                   // "leaked" (proven leaked, collected: see Leaks)
 *    "current": false,              // the thread that wrote the dump
 *    "system": false,               // the JVM's or go4j's own thread (left out of text dumps)
 *    "virtual": true,
 *    "lockedToThread": false,
 *    "threadState": "WAITING",      // java.lang.Thread.State
 *    "status": "chan receive",      // the header's status ("chan receive (leaked)" if leaked)
 *    "leaked": false,               // proven leaked (leak mode): its thread was collected
 *    "waitReason": "chan receive",  // null if not waiting in go4j
 *    "waitMinutes": 3,              // Go's whole minutes, 0 if under one or not waiting
 *    "waitNanos": 195250000000,     // only with exactWaits; null if not waiting
 *    "labels": {"k": "v"},
 *    "creatorId": 1,                // null if unknown
 *    "createdBy": FRAME,            // the go statement, or null
 *    "blocker": BLOCKER,            // only with blockers; null if none
 *    "frames": [FRAME, ...]}]}      // every frame, innermost first
 * FRAME = {"function": "io.example.Main.worker", "file": "io/example/Main.java", "line": 12,
 *          "class": "io.example.Main", "method": "worker", "module": null, "sourceFile": "Main.java",
 *          "native": false, "hidden": false}   // "hidden": left out by Go's rules; not in createdBy
 * BLOCKER = {"type": "chan", "id": 17, "len": 2, "cap": 4}
 *         | {"type": "select", "chans": [CHAN or null, ...]}
 *         | {"type": "sync.Mutex" or "sync.RWMutex", "identity": "1b6d3586", "holder": 12 or null}
 *         | {"type": TYPE, "identity": HEX, "description": TEXT}
 * </pre>
 * <p>Members appear in this order; a tool must ignore members it does not know (later versions
 * may add some). Strings are escaped per RFC 8259, control characters, U+2028, U+2029 and
 * unpaired surrogates as <code>&#92;uXXXX</code>. One document, ending with a newline.
 *
 * <p>Consistency: a dump is a series of per-goroutine readings, not a stop-the-world instant; a
 * goroutine that woke while its stack was being taken is shown running.
 */
public final class GoroutineDump {
    private GoroutineDump() {}

    /** The output formats. */
    public enum Format {
        /** Every goroutine, one block each, as {@code runtime.Stack(all)} and pprof {@code debug=2}. */
        FULL,
        /** Identical stacks grouped with their count, most frequent first: pprof {@code debug=1}. */
        GROUPED,
        /** A JSON document for tools. */
        JSON
    }

    /**
     * What to write.
     *
     * @param format       the format
     * @param exactWaits   beyond Go: print the exact wait duration instead of Go's whole minutes
     * @param blockers     beyond Go: print what each goroutine waits on (channel identity,
     *                     capacity and length; a Mutex's holder)
     * @param otherThreads add the live platform threads go4j has never seen wait
     */
    public record Options(Format format, boolean exactWaits, boolean blockers, boolean otherThreads) {
        /**
         * Go's full dump, nothing beyond Go.
         *
         * @return the options
         */
        public static Options full() {
            return new Options(Format.FULL, false, false, true);
        }

        /**
         * Go's grouped dump ({@code debug=1}).
         *
         * @return the options
         */
        public static Options grouped() {
            return new Options(Format.GROUPED, false, false, true);
        }

        /**
         * JSON with everything go4j knows.
         *
         * @return the options
         */
        public static Options json() {
            return new Options(Format.JSON, true, true, true);
        }
    }

    /**
     * Writes the goroutines as {@code options} say.
     *
     * @param out     where to write
     * @param options what to write
     * @throws IOException if {@code out} throws
     * @throws NullPointerException if {@code out}, {@code options} or its format is null
     */
    public static void write(Appendable out, Options options) throws IOException {
        write(out, options, false);
    }

    /**
     * Writes the goroutines as {@code options} say, with every frame if {@code allFrames}: the
     * JDK's park frames, go4j's internals and the thread start frames that Go's rules hide, and
     * the JVM's and go4j's own threads (Go's {@code GOTRACEBACK=system}). The JSON form always
     * has every frame and thread, marked.
     *
     * @param out       where to write
     * @param options   what to write
     * @param allFrames show every frame and the system threads
     * @throws IOException if {@code out} throws
     * @throws NullPointerException if {@code out}, {@code options} or its format is null
     */
    public static void write(Appendable out, Options options, boolean allFrames) throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        Dumps.Style style = style(Objects.requireNonNull(options.format(), "options.format"));
        Snapshot snapshot = LeakFinder.withKept(
                Snapshot.take(true, options.otherThreads()).with(Snapshot.ofCurrentThread()));
        Dumps.write(out, style, new Dumps.Settings(options.exactWaits(), options.blockers(), allFrames), snapshot,
                Thread.currentThread().threadId());
    }

    /**
     * Returns Go's {@code runtime.Stack}: the current goroutine's stack, or with {@code all}
     * every goroutine's, in the full format.
     *
     * @param all every goroutine, not just the current one
     * @return the dump
     */
    public static String stack(boolean all) {
        StringBuilder b = new StringBuilder(all ? 8192 : 1024);
        try {
            if (all) {
                write(b, Options.full());
            } else {
                Snapshot one = new Snapshot(System.nanoTime(), List.of(Snapshot.ofCurrentThread()));
                Dumps.write(b, Dumps.Style.FULL, Dumps.Settings.GO, one, Thread.currentThread().threadId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return b.toString();
    }

    private static Dumps.Style style(Format f) {
        return switch (f) {
            case FULL -> Dumps.Style.FULL;
            case GROUPED -> Dumps.Style.GROUPED;
            case JSON -> Dumps.Style.JSON;
        };
    }
}
