package io.go4j.trace.internal;

import io.go4j.internal.runtime.WaitReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GoTraceWriter writes a recording in Go 1.19's execution-trace format (the header
 * {@code "go 1.19 trace\0\0\0"}), which {@code go tool trace} of Go 1.19 opens, and Go 1.22 and
 * later convert on reading (see the module's README).
 *
 * <p>Go's parser accepts only a trace that is one consistent schedule: a goroutine is created
 * before it starts, starts only when runnable and on a processor that runs nothing else, blocks
 * only while running, is unblocked only while blocked, by a goroutine that is running (each of
 * these is checked in Go's {@code internal/trace/parser.go}, {@code postProcessTrace}), and the
 * per-goroutine sequence numbers of {@code order.go} agree. What go4j records is each thread's own
 * view; this writer replays it, in time order, through a model of Go's scheduler that enforces
 * those rules, and emits Go's events from the model.
 */
final class GoTraceWriter {
    /*
     * Implementation notes.
     *
     * 1. Processors: GOMAXPROCS of them (the scheduler's parallelism). A goroutine's start and
     *    each resume carry the number of the processor they were recorded on when the scheduler
     *    tells (Scheduling.currentProc: go4j-sched's P; on the JDK's scheduler the carrier's pool
     *    index, when java.lang is opened to go4j-core); each number gets a lane when first seen
     *    (so lane k is the k-th carrier seen, for the whole trace), and the goroutine is shown in
     *    its carrier's lane; if the model has another goroutine running there, that one left the carrier without go4j
     *    seeing it (blocking I/O, Thread.sleep, a monitor, a yield) and is shown preempted
     *    (EvGoPreempt). Otherwise (not known, or a carrier beyond GOMAXPROCS: a spare, a
     *    compensating worker, a carrier that replaced a retired one) it takes the processor it last ran on if that one is idle, else the
     *    lowest idle one; when all are busy, the one running the longest is shown preempted to
     *    make room: the lanes are then a faithful count of how many goroutines go4j saw running,
     *    not the carriers' identities.
     * 2. Repairs. A wake-up from a system thread (Recorder's note 3) comes from the Timers lane.
     *    An event on a goroutine's own thread proves it runs: if the model has it
     *    blocked (its wake-up came from outside go4j: a timeout, an interrupt, or a report lost at
     *    the recording's start), the writer first unblocks it from the "Timers" lane (Go's TimerP:
     *    unblocks with no goroutine behind them); if the model has never seen it, the writer
     *    creates it there (as Go's StartTrace does for every goroutine alive at the start), and a
     *    goroutine first seen as the target of a wake-up is created waiting (EvGoWaiting).
     * 3. Time. Events are replayed sorted by System.nanoTime (one monotonic clock for all
     *    threads), and each emitted event is stamped at least 1 ns after the previous one, so
     *    that Go's merge of the per-processor batches, which picks the earliest ready event,
     *    reproduces the model's order exactly, and the timestamps are sorted (ErrTimeOrder
     *    otherwise). A goroutine's creation is replayed at its creation time (on its creator),
     *    so Go's scheduling latency counts from go() to its first run, as Go's does.
     * 4. Layout: the header, batches per processor (EvBatch, then its events, timestamps as
     *    deltas; one per processor, or one per processor and drain when streamed), then the string table (EvString), the stacks (EvStack) and the frequency
     *    (EvFrequency: 1e9 ticks per second, the clock is nanoseconds), as Go's StopTrace
     *    writes its footer. Go's parser reads strings and stacks wherever they are.
     * 5. Group names. Go names a goroutine by its start function (the first frame of the stack
     *    its EvGoCreate gives it). go4j's is the outermost shown frame of the goroutine's first
     *    recorded stack (the lambda or method given to go()), else its creation site, else its
     *    thread's name.
     * 6. GOMAXPROCS changes (Go.setMaxProcs, recorded on the caller) are Go's EvGomaxprocs on the
     *    caller's processor; the model then uses that many processors: new ones start when a
     *    goroutine first needs them (EvProcStart), and the ones above a lowered value have their
     *    goroutine preempted and are stopped (EvProcStop), as Go's procresize destroys them.
     * 7. Labels (Go.withLabels) are shown as Go shows a labelled start: EvGoStartLabel, whose
     *    label ("k=v,k2=v2") the timeline writes on the goroutine's slice instead of its name.
     *    A goroutine's label is the one it had when it last started running: go4j records a
     *    change of labels on the goroutine's own thread, and Go has no event for a change
     *    mid-run.
     * 8. A goroutine started by a system thread (Recorder's note 3: a timer's afterFunc, run by
     *    go4j's timer thread) is created from the Timers lane at that moment, as Go's timer
     *    goroutine-less firing is; the system thread is never shown as a goroutine (it would
     *    seem to run from its first go() to the end of the trace).
     * 9. Streaming (Trace.start's file, as Go's runtime/trace writes while it records): the
     *    same replay, in drains. A drain reads each thread's buffer from where the last one
     *    stopped (a cursor per buffer: events are in time order within a thread) up to a horizon
     *    a little in the past, sorts what it read, replays it, and writes each processor's events
     *    as a new batch (Go's parser merges any number of batches per processor by time); the
     *    buffers then drop the chunks read to their end. An event published after a drain passed
     *    its time is replayed in the next one, stamped after what was written (note 3). Memory is
     *    what the horizon holds, the stack and string tables (written in the footer, as Go's
     *    StopTrace writes its stacks), and the model of the goroutines alive.
     */

    // Go's event types (src/runtime/trace.go, internal/trace/parser.go).
    static final int EV_BATCH = 1;
    static final int EV_FREQUENCY = 2;
    static final int EV_STACK = 3;
    static final int EV_GOMAXPROCS = 4;
    static final int EV_PROC_START = 5;
    static final int EV_PROC_STOP = 6;
    static final int EV_GO_CREATE = 13;
    static final int EV_GO_START = 14;
    static final int EV_GO_END = 15;
    static final int EV_GO_SCHED = 17;
    static final int EV_GO_PREEMPT = 18;
    static final int EV_GO_SLEEP = 19;
    static final int EV_GO_BLOCK = 20;
    static final int EV_GO_UNBLOCK = 21;
    static final int EV_GO_BLOCK_SEND = 22;
    static final int EV_GO_BLOCK_RECV = 23;
    static final int EV_GO_BLOCK_SELECT = 24;
    static final int EV_GO_BLOCK_SYNC = 25;
    static final int EV_GO_BLOCK_COND = 26;
    static final int EV_GO_WAITING = 31;
    static final int EV_STRING = 37;
    static final int EV_GO_START_LABEL = 41;
    static final int EV_USER_TASK_CREATE = 45;
    static final int EV_USER_TASK_END = 46;
    static final int EV_USER_REGION = 47;
    static final int EV_USER_LOG = 48;

    /** Go's TimerP: the "Timers" lane, for unblocks no goroutine made. */
    static final int TIMER_P = 1_000_001;

    static final byte[] HEADER = "go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII);

    /** A synthetic event: a goroutine's creation, replayed on its creator at its creation time. */
    private static final int CREATE = 100;

    private static final int NONE = 0;
    private static final int RUNNABLE = 1;
    private static final int RUNNING = 2;
    private static final int WAITING = 3;
    private static final int DEAD = 4;

    private static final WaitReason[] REASONS = WaitReason.values();

    /** One recorded event, as read from the buffers. */
    private record Raw(long ts, long order, long goid, int kind, int stack, int proc, long a, long b, Object ref) {}

    /** The model's view of one goroutine. */
    private static final class G {
        int state = NONE;
        long seq;               // Go's per-goroutine sequence number (order.go)
        int p = -1;             // the processor it runs on, while RUNNING
        int lastP = -1;
        long runningSince;
        int label;              // the string id of its labels (GoStartLabel), or 0
    }

    /** One processor's batch. */
    private static final class Batch {
        final int pid;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long lastTs = -1;       // -1: the batch header is not written yet
        boolean started;        // EvProcStart written

        Batch(int pid) {
            this.pid = pid;
        }

        /** Writes this batch's events, if any, and starts a new batch for what follows (note 9). */
        void flushTo(OutputStream out) throws IOException {
            bytes.writeTo(out);
            bytes.reset();
            lastTs = -1;
        }
    }

    /** Where the writer has read a buffer up to (note 9). */
    private static final class Cursor {
        EventBuffer.Chunk chunk;
        int index;

        Cursor(EventBuffer.Chunk chunk) {
            this.chunk = chunk;
        }
    }

    private final Recorder recorder;
    private final StackTable stacks;
    private final Map<Long, G> gs = new HashMap<>();
    private final Map<Long, Integer> startStacks = new HashMap<>();   // goid -> one-frame stack id
    private final Map<Long, StackTraceElement> sites = new HashMap<>();   // goid -> fallback start frame
    private final Map<String, Integer> strings = new LinkedHashMap<>();
    private long[] running;           // per processor: the goroutine it runs, or 0
    private final Map<Integer, Integer> carrierLanes = new HashMap<>();   // note 1: a processor's number -> its lane
    private Batch[] batches;
    private int procs;                // GOMAXPROCS now: processors 0..procs-1 may run goroutines
    private final Batch timers = new Batch(TIMER_P);
    private long base;
    private long lastTs;
    private long order;               // the replay's tie-break: the order events were read in
    private final Map<EventBuffer, Cursor> cursors = new IdentityHashMap<>();
    private OutputStream out;

    private GoTraceWriter(Recorder recorder) {
        this.recorder = recorder;
        this.stacks = recorder.stacks;
        this.procs = Math.max(1, recorder.procs);
        this.running = new long[procs];
        this.batches = new Batch[procs];
        for (int i = 0; i < procs; i++) {
            batches[i] = new Batch(i);
        }
    }

    /** Grows the processors to {@code n} (their lanes stay for the whole trace once seen). */
    private void growTo(int n) {
        int old = batches.length;
        if (n > old) {
            running = Arrays.copyOf(running, n);
            batches = Arrays.copyOf(batches, n);
            for (int i = old; i < n; i++) {
                batches[i] = new Batch(i);
            }
        }
    }

    /**
     * Writes the events of {@code recorder} recorded at or after {@code fromNanos}, with the
     * goroutines alive at the recording's start ({@link Recorder#initial}), to {@code out}.
     *
     * @param recorder  the recording
     * @param fromNanos the window's start, in {@link System#nanoTime()}'s time
     * @param out       where to write; not closed
     * @throws IOException if {@code out} throws
     */
    static void write(Recorder recorder, long fromNanos, OutputStream out) throws IOException {
        new GoTraceWriter(recorder).run(fromNanos, recorder.initial, false, out);
    }

    /**
     * Writes the window of {@code recorder} that starts at {@code fromNanos} (the flight
     * recorder's): the goroutines of {@code alive} that have no event in the window are shown as
     * they are now, created at the window's start, waiting if they wait now (note 2 repairs the
     * others from their own events).
     *
     * @param recorder  the recording
     * @param fromNanos the window's start, in {@link System#nanoTime()}'s time
     * @param alive     the goroutines alive now
     * @param out       where to write; not closed
     * @throws IOException if {@code out} throws
     */
    static void writeWindow(Recorder recorder, long fromNanos, List<Recorder.Initial> alive, OutputStream out)
            throws IOException {
        new GoTraceWriter(recorder).run(fromNanos, alive, true, out);
    }

    private void run(long fromNanos, List<Recorder.Initial> initial, boolean onlyUnseen, OutputStream out)
            throws IOException {
        begin(fromNanos, initial, onlyUnseen, out);
        long end = drain(fromNanos, Long.MAX_VALUE, false);
        finish(end);
    }

    /**
     * Returns a writer for a trace written while it records (note 9): {@link #beginStream},
     * then {@link #drain(long)} as it records, then {@link #finishStream}.
     *
     * @param recorder the recording, just started
     * @return the writer
     */
    static GoTraceWriter stream(Recorder recorder) {
        return new GoTraceWriter(recorder);
    }

    /**
     * Builds what is known at the recording's start and writes the header and it to {@code out}.
     * If {@code out} fails, the model is whole all the same (the caller may go on into nothing).
     *
     * @param out where to write; not closed
     * @throws IOException if {@code out} throws
     */
    void beginStream(OutputStream out) throws IOException {
        begin(recorder.startNanos, recorder.initial, false, out);
        flush();
    }

    /**
     * Writes the events recorded before {@code horizon} that are not written yet, and lets the
     * recording drop them (note 9).
     *
     * @param horizon a {@link System#nanoTime()} time: events at or after it wait for the next drain
     * @return the timestamp of the last event written, or the recording's start
     * @throws IOException if the output throws
     */
    long drain(long horizon) throws IOException {
        long last = drain(recorder.startNanos, horizon, true);
        flush();
        return last;
    }

    /**
     * Ends a streamed trace: writes every event left, deschedules what still runs at
     * {@code end}, and writes the footer.
     *
     * @param end the trace's end, a {@link System#nanoTime()} time
     * @throws IOException if the output throws
     */
    void finishStream(long end) throws IOException {
        finish(Math.max(end, drain(recorder.startNanos, Long.MAX_VALUE, true)));
    }

    /** From now on, writes into nothing (TraceStream's note 3: its output failed). */
    void discardOutput() {
        out = OutputStream.nullOutputStream();
    }

    private void begin(long fromNanos, List<Recorder.Initial> initial, boolean onlyUnseen, OutputStream out)
            throws IOException {
        this.out = out;
        base = fromNanos - 1;   // every event read is at or after fromNanos (read skips the others)
        lastTs = 0;
        long t0 = stamp(fromNanos);
        emit(timers, EV_GOMAXPROCS, t0, procs, 0);
        Set<Long> seen = new HashSet<>();
        if (onlyUnseen) {
            // The window's goroutines that have an event in it are created from those events.
            for (Raw e : peek(fromNanos)) {
                seen.add(e.goid());
                if (e.kind() == Recorder.WAKE || e.kind() == CREATE) {
                    seen.add(e.a());
                }
            }
        }
        for (Recorder.Initial i : initial) {
            if (i.createdBy() != null) {
                sites.put(i.goid(), i.createdBy());
            } else if (i.name() != null && !i.name().isEmpty()) {
                sites.put(i.goid(), new StackTraceElement("", i.name(), null, -1));
            }
            if (!seen.contains(i.goid())) {
                G g = g(i.goid());
                if (g.state == NONE) {
                    createOnTimers(i.goid(), g, stamp(fromNanos));
                    if (i.waiting()) {
                        emit(timers, EV_GO_WAITING, stamp(fromNanos), i.goid());
                        g.seq++;
                        g.state = WAITING;
                    }
                }
            }
        }
        // Last: the model is whole even if the output fails (TraceStream's note 3).
        out.write(HEADER);
    }

    /** Reads and replays the events before {@code horizon}; returns the last one's time, or fromNanos. */
    private long drain(long fromNanos, long horizon, boolean release) {
        List<Raw> events = read(fromNanos, horizon, release);
        findStartFrames(events);
        for (Raw e : events) {
            replay(e);
        }
        return events.isEmpty() ? fromNanos : events.get(events.size() - 1).ts();
    }

    /** Writes the batches built so far and starts new ones. */
    private void flush() throws IOException {
        for (Batch b : batches) {
            b.flushTo(out);
        }
        timers.flushTo(out);
        out.flush();
    }

    private void finish(long end) throws IOException {
        // As Go's StopTrace does for the goroutine that stops it: a goroutine still running at the
        // end is descheduled, so that every run has an end (go tool trace's timeline needs one).
        for (int p = 0; p < running.length; p++) {
            if (running[p] != 0) {
                emit(batches[p], EV_GO_SCHED, stamp(end), 0);
                stopRunning(g(running[p]), RUNNABLE);
            }
        }
        for (Batch b : batches) {
            b.flushTo(out);
        }
        timers.flushTo(out);
        writeFooter(out);
        out.flush();
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    /** The events at or after {@code fromNanos} not read yet, without reading them (a window's start). */
    private List<Raw> peek(long fromNanos) {
        List<Raw> events = new ArrayList<>();
        for (EventBuffer buf : recorder.buffers()) {
            for (EventBuffer.Chunk c = buf.head(); c != null; c = c.next) {
                int size = c.size;
                for (int i = 0; i < size; i++) {
                    int w = i * EventBuffer.WORDS;
                    if (c.words[w] >= fromNanos) {
                        events.add(raw(buf, c, i, 0));
                    }
                }
            }
        }
        return events;
    }

    /**
     * Reads, from each buffer's cursor, the events before {@code horizon} (those before
     * {@code fromNanos} are skipped), in time order; with {@code release}, the buffers then drop
     * the chunks read to their end, and a buffer whose goroutine ended and that is read to its end
     * goes (note 9).
     */
    private List<Raw> read(long fromNanos, long horizon, boolean release) {
        // Per drain: go4j's timer thread, say, may have started since the last one.
        Set<Long> system = Recorder.systemThreadIds();
        List<Raw> events = new ArrayList<>();
        for (Iterator<EventBuffer> it = recorder.buffers().iterator(); it.hasNext(); ) {
            EventBuffer buf = it.next();
            boolean ended = buf.ended();   // before reading: an END read below is then certain
            Cursor cur = cursors.computeIfAbsent(buf, b -> new Cursor(b.head()));
            while (true) {
                EventBuffer.Chunk c = cur.chunk;
                int size = c.size;
                while (cur.index < size && c.words[cur.index * EventBuffer.WORDS] < horizon) {
                    int i = cur.index++;
                    order += 2;
                    long ts = c.words[i * EventBuffer.WORDS];
                    if (ts < fromNanos) {
                        continue;
                    }
                    Raw e = raw(buf, c, i, order);
                    if (e.kind() == Recorder.START && e.a() != 0 && e.b() != 0 && e.b() >= fromNanos && e.b() <= ts) {
                        // its creation, on its creator, just before anything at the same instant
                        events.add(new Raw(e.b(), order - 1, e.a(), CREATE, 0, -1, buf.goid,
                                system.contains(e.a()) ? Recorder.FROM_SYSTEM : 0, e.ref()));
                    }
                    events.add(e);
                }
                EventBuffer.Chunk next = c.next;
                if (cur.index < c.capacity() || next == null) {
                    break;   // stopped inside this chunk, or at the end of the buffer
                }
                cur.chunk = next;
                cur.index = 0;
            }
            if (release) {
                buf.release(cur.chunk);
                if (ended && cur.index == cur.chunk.size && cur.chunk.next == null) {
                    it.remove();
                    cursors.remove(buf);
                }
            }
        }
        events.sort((x, y) -> x.ts() != y.ts() ? Long.compare(x.ts(), y.ts()) : Long.compare(x.order(), y.order()));
        return events;
    }

    private static Raw raw(EventBuffer buf, EventBuffer.Chunk c, int i, long order) {
        int w = i * EventBuffer.WORDS;
        long word1 = c.words[w + 1];
        return new Raw(c.words[w], order, buf.goid, EventBuffer.kind(word1), EventBuffer.stack(word1),
                EventBuffer.proc(word1), c.words[w + 2], c.words[w + 3], c.refs[i]);
    }

    /**
     * Note 5: each goroutine's start frame, as a one-frame stack: the outermost frame of its
     * first stack among the events read so far, else its creation site (or, for a goroutine
     * alive at the start, its thread's name), decided when its creation is written.
     */
    private void findStartFrames(List<Raw> events) {
        for (Raw e : events) {
            if (e.kind() == CREATE && e.ref() instanceof StackTraceElement site) {
                sites.putIfAbsent(e.a(), site);
            } else if (e.stack() != 0 && !startStacks.containsKey(e.goid())) {
                StackTraceElement[] frames = stacks.frames(e.stack());
                if (frames.length > 0) {
                    startStacks.put(e.goid(), stacks.of(frames[frames.length - 1]));
                }
            }
        }
    }

    private int startStack(long goid) {
        return startStacks.computeIfAbsent(goid, id -> {
            StackTraceElement site = sites.remove(id);
            return stacks.of(site != null ? site : new StackTraceElement("", "goroutine", null, -1));
        });
    }

    // ---------------------------------------------------------------------------------------
    // Replay: the scheduler model

    private void replay(Raw e) {
        switch (e.kind()) {
            case CREATE -> {
                G child = g(e.a());
                if (child.state == NONE && e.b() == Recorder.FROM_SYSTEM) {
                    // note 8: started by a system thread (a timer's afterFunc): from the Timers lane
                    int site = e.ref() instanceof StackTraceElement s ? stacks.of(s) : 0;
                    emit(timers, EV_GO_CREATE, stamp(e.ts()), e.a(), startStack(e.a()), site);
                    child.state = RUNNABLE;
                    child.seq = 1;
                } else if (child.state == NONE && ensureRunning(e.goid(), e.ts())) {
                    int site = e.ref() instanceof StackTraceElement s ? stacks.of(s) : 0;
                    emit(batchOf(e.goid()), EV_GO_CREATE, stamp(e.ts()), e.a(), startStack(e.a()), site);
                    child.state = RUNNABLE;
                    child.seq = 1;
                }
            }
            case Recorder.START, Recorder.UNBLOCK -> ensureRunning(e.goid(), e.ts(), e.proc());
            case Recorder.BLOCK -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    G g = g(e.goid());
                    emit(batches[g.p], blockEvent(REASONS[(int) e.a()]), stamp(e.ts()), e.stack());
                    stopRunning(g, WAITING);
                }
            }
            case Recorder.WAKE -> {
                boolean fromSystem = e.b() == Recorder.FROM_SYSTEM;
                if (fromSystem || ensureRunning(e.goid(), e.ts())) {
                    G woken = g(e.a());
                    if (woken.state == NONE) {
                        createOnTimers(e.a(), woken, stamp(e.ts()));
                        emit(timers, EV_GO_WAITING, stamp(e.ts()), e.a());
                        woken.seq++;
                        woken.state = WAITING;
                    }
                    if (woken.state == WAITING) {
                        emit(fromSystem ? timers : batchOf(e.goid()), EV_GO_UNBLOCK, stamp(e.ts()), e.a(), woken.seq,
                                e.stack());
                        woken.seq++;
                        woken.state = RUNNABLE;
                    }
                }
            }
            case Recorder.END -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    G g = g(e.goid());
                    emit(batches[g.p], EV_GO_END, stamp(e.ts()));
                    stopRunning(g, DEAD);
                    // Nothing follows a goroutine's end (thread ids are never reused): forget it,
                    // so that a long streamed trace keeps only the live goroutines (note 9).
                    gs.remove(e.goid());
                    startStacks.remove(e.goid());
                    sites.remove(e.goid());
                }
            }
            case Recorder.TASK_CREATE -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    emit(batchOf(e.goid()), EV_USER_TASK_CREATE, stamp(e.ts()), e.a(), e.b(),
                            string((String) e.ref()), e.stack());
                }
            }
            case Recorder.TASK_END -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    emit(batchOf(e.goid()), EV_USER_TASK_END, stamp(e.ts()), e.a(), e.stack());
                }
            }
            case Recorder.REGION -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    emit(batchOf(e.goid()), EV_USER_REGION, stamp(e.ts()), e.a(), e.b(),
                            string((String) e.ref()), e.stack());
                }
            }
            case Recorder.LOG -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    String[] kv = (String[]) e.ref();
                    Batch b = batchOf(e.goid());
                    emit(b, EV_USER_LOG, stamp(e.ts()), e.a(), string(kv[0]), e.stack());
                    writeString(b.bytes, kv[1]);
                }
            }
            case Recorder.LABELS -> g(e.goid()).label = string((String) e.ref());
            case Recorder.PROCS -> {
                if (ensureRunning(e.goid(), e.ts())) {
                    emit(batchOf(e.goid()), EV_GOMAXPROCS, stamp(e.ts()), e.a(), e.stack());
                    setProcs((int) e.a(), e.goid(), e.ts());
                }
            }
            default -> throw new IllegalStateException("go4j trace: unknown event kind " + e.kind());
        }
    }

    /**
     * Note 6: GOMAXPROCS is now {@code n}, changed by {@code caller} (running): the processors
     * above it are preempted and stopped; the caller, if it ran on one, continues on another.
     */
    private void setProcs(int n, long caller, long ts) {
        n = Math.max(1, n);
        growTo(n);
        boolean moved = false;
        for (int p = n; p < batches.length; p++) {
            if (running[p] != 0) {
                moved |= running[p] == caller;
                emit(batches[p], EV_GO_PREEMPT, stamp(ts), 0);
                stopRunning(g(running[p]), RUNNABLE);
            }
            if (batches[p].started) {
                emit(batches[p], EV_PROC_STOP, stamp(ts));
                batches[p].started = false;
            }
        }
        procs = n;
        if (moved) {
            ensureRunning(caller, ts);
        }
    }

    /** Makes the model show {@code goid} running (note 2); false if it has ended. */
    private boolean ensureRunning(long goid, long ts) {
        return ensureRunning(goid, ts, -1);
    }

    /**
     * Makes the model show {@code goid} running (note 2), on processor {@code proc} if it is
     * known and within GOMAXPROCS (note 1); false if it has ended.
     */
    private boolean ensureRunning(long goid, long ts, int proc) {
        G g = g(goid);
        switch (g.state) {
            case RUNNING -> {
                return true;
            }
            case DEAD -> {
                return false;
            }
            case NONE -> createOnTimers(goid, g, stamp(ts));
            case WAITING -> {
                emit(timers, EV_GO_UNBLOCK, stamp(ts), goid, g.seq, 0);
                g.seq++;
                g.state = RUNNABLE;
            }
            default -> {
                // RUNNABLE: start it below
            }
        }
        int p = lane(proc);
        if (p >= 0) {
            if (running[p] != 0) {
                // note 1: its carrier runs this goroutine now, so the one shown there left it unseen
                emit(batches[p], EV_GO_PREEMPT, stamp(ts), 0);
                stopRunning(g(running[p]), RUNNABLE);
            }
        } else {
            p = idleProcessor(g);
            if (p < 0) {
                p = preemptLongestRunning(ts);
            }
        }
        Batch b = batches[p];
        if (!b.started) {
            emit(b, EV_PROC_START, stamp(ts), p);
            b.started = true;
        }
        if (g.label != 0) {
            emit(b, EV_GO_START_LABEL, stamp(ts), goid, g.seq, g.label);
        } else {
            emit(b, EV_GO_START, stamp(ts), goid, g.seq);
        }
        g.seq++;
        g.state = RUNNING;
        g.p = g.lastP = p;
        g.runningSince = ts;
        running[p] = goid;
        return true;
    }

    /**
     * Note 1: the lane of the processor numbered {@code proc} (-1: not known): the next lane for
     * a number not seen before, while lanes are left; -1 if none is, or if it is beyond GOMAXPROCS.
     */
    private int lane(int proc) {
        if (proc < 0) {
            return -1;
        }
        Integer lane = carrierLanes.get(proc);
        if (lane == null) {
            if (carrierLanes.size() >= procs) {
                return -1;
            }
            lane = carrierLanes.size();
            carrierLanes.put(proc, lane);
        }
        return lane < procs ? lane : -1;
    }

    private int idleProcessor(G g) {
        if (g.lastP >= 0 && g.lastP < procs && running[g.lastP] == 0) {
            return g.lastP;
        }
        for (int p = 0; p < procs; p++) {
            if (running[p] == 0) {
                return p;
            }
        }
        return -1;
    }

    /** Note 1: every processor is busy; the goroutine running longest yields its processor. */
    private int preemptLongestRunning(long ts) {
        int victim = 0;
        for (int p = 1; p < procs; p++) {
            if (g(running[p]).runningSince < g(running[victim]).runningSince) {
                victim = p;
            }
        }
        G g = g(running[victim]);
        emit(batches[victim], EV_GO_PREEMPT, stamp(ts), 0);
        stopRunning(g, RUNNABLE);
        return victim;
    }

    private void stopRunning(G g, int state) {
        running[g.p] = 0;
        g.p = -1;
        g.state = state;
    }

    private void createOnTimers(long goid, G g, long ts) {
        emit(timers, EV_GO_CREATE, ts, goid, startStack(goid), 0);
        g.state = RUNNABLE;
        g.seq = 1;
    }

    private G g(long goid) {
        return gs.computeIfAbsent(goid, id -> new G());
    }

    private Batch batchOf(long goid) {
        return batches[g(goid).p];
    }

    private static int blockEvent(WaitReason r) {
        return switch (r) {
            case CHAN_RECEIVE, CHAN_RECEIVE_NIL -> EV_GO_BLOCK_RECV;
            case CHAN_SEND, CHAN_SEND_NIL -> EV_GO_BLOCK_SEND;
            case SELECT, SELECT_NO_CASES -> EV_GO_BLOCK_SELECT;
            case SYNC_MUTEX_LOCK, SYNC_RWMUTEX_RLOCK, SYNC_RWMUTEX_LOCK, SYNC_WAITGROUP_WAIT -> EV_GO_BLOCK_SYNC;
            case SYNC_COND_WAIT -> EV_GO_BLOCK_COND;
            case SLEEP -> EV_GO_SLEEP;
            // A reason added to go4j-core later is a wait all the same: Go's generic block.
            default -> EV_GO_BLOCK;
        };
    }

    /** Note 3: the emitted timestamp of an event recorded at {@code nanos}. */
    private long stamp(long nanos) {
        long t = Math.max(nanos - base, lastTs + 1);
        lastTs = t;
        return t;
    }

    // ---------------------------------------------------------------------------------------
    // Encoding (runtime/trace.go's traceEvent: type and argument count in one byte, then
    // unsigned LEB128 values; with 3 or more arguments besides the timestamp, a byte length first)

    private void emit(Batch b, int type, long ts, long... args) {
        ByteArrayOutputStream out = b.bytes;
        if (b.lastTs < 0) {
            out.write(EV_BATCH | 1 << 6);
            writeVarint(out, b.pid);
            writeVarint(out, ts);
            b.lastTs = ts;
        }
        long delta = ts - b.lastTs;
        b.lastTs = ts;
        if (args.length < 3) {
            out.write(type | args.length << 6);
            writeVarint(out, delta);
            for (long a : args) {
                writeVarint(out, a);
            }
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeVarint(body, delta);
            for (long a : args) {
                writeVarint(body, a);
            }
            out.write(type | 3 << 6);
            writeVarint(out, body.size());
            out.write(body.toByteArray(), 0, body.size());
        }
    }

    private int string(String s) {
        if (s == null || s.isEmpty()) {
            return 0;   // Go's id for the empty string
        }
        return strings.computeIfAbsent(s, k -> strings.size() + 1);
    }

    private void writeFooter(OutputStream out) throws IOException {
        ByteArrayOutputStream stackBytes = new ByteArrayOutputStream();
        Map<StackTraceElement, Long> pcs = new HashMap<>();
        int n = stacks.size();
        for (int id = 1; id <= n; id++) {
            StackTraceElement[] frames = stacks.frames(id);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeVarint(body, id);
            writeVarint(body, frames.length);
            for (StackTraceElement f : frames) {
                long pc = pcs.computeIfAbsent(f, k -> 0x400000L + 16L * pcs.size());
                writeVarint(body, pc);
                writeVarint(body, string(function(f)));
                writeVarint(body, string(file(f)));
                writeVarint(body, Math.max(0, f.getLineNumber()));
            }
            stackBytes.write(EV_STACK | 3 << 6);
            writeVarint(stackBytes, body.size());
            body.writeTo(stackBytes);
        }
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        for (Map.Entry<String, Integer> s : strings.entrySet()) {
            footer.write(EV_STRING);
            writeVarint(footer, s.getValue());
            byte[] bytes = truncated(s.getKey());
            writeVarint(footer, bytes.length);
            footer.write(bytes, 0, bytes.length);
        }
        footer.writeTo(out);
        stackBytes.writeTo(out);
        out.write(EV_FREQUENCY);
        ByteArrayOutputStream freq = new ByteArrayOutputStream();
        writeVarint(freq, 1_000_000_000L);
        freq.writeTo(out);
    }

    /** Go's function name for a frame: {@code package.Class.method}. */
    static String function(StackTraceElement f) {
        return f.getClassName().isEmpty() ? f.getMethodName() : f.getClassName() + "." + f.getMethodName();
    }

    /** Go's file for a frame: the source file under its package's directory. */
    static String file(StackTraceElement f) {
        String cls = f.getClassName();
        int dot = cls.lastIndexOf('.');
        String dir = dot < 0 ? "" : cls.substring(0, dot).replace('.', '/') + "/";
        return dir + (f.getFileName() == null ? "?" : f.getFileName());
    }

    /** Go's parser refuses strings over 1e6 bytes. */
    private static byte[] truncated(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= 100_000 ? b : Arrays.copyOf(b, 100_000);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = truncated(s == null ? "" : s);
        writeVarint(out, b.length);
        out.write(b, 0, b.length);
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
