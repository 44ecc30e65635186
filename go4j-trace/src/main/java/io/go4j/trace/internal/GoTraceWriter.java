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
     * 1. Processors. A virtual thread's carrier is not public API, and go4j-core reports no
     *    mount/unmount, so the processors are the model's: GOMAXPROCS of them (the JDK
     *    scheduler's parallelism). A goroutine that becomes running takes the processor it last
     *    ran on if that one is idle, else the lowest idle one; when all are busy (go4j did not see
     *    a running goroutine unmount: blocking I/O, Thread.sleep, a monitor), the one running the
     *    longest is shown preempted (EvGoPreempt) to make room. So the processors' lanes are a
     *    faithful count of how many goroutines go4j saw running, not the carriers' identities.
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
     * 4. Layout: the header, one batch per processor (EvBatch, then its events, timestamps as
     *    deltas), then the string table (EvString), the stacks (EvStack) and the frequency
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
    private record Raw(long ts, long order, long goid, int kind, int stack, long a, long b, Object ref) {}

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
    }

    private final Recorder recorder;
    private final StackTable stacks;
    private final Map<Long, G> gs = new HashMap<>();
    private final Map<Long, Integer> startStacks = new HashMap<>();   // goid -> one-frame stack id
    private final Map<String, Integer> strings = new LinkedHashMap<>();
    private long[] running;           // per processor: the goroutine it runs, or 0
    private Batch[] batches;
    private int procs;                // GOMAXPROCS now: processors 0..procs-1 may run goroutines
    private final Batch timers = new Batch(TIMER_P);
    private long base;
    private long lastTs;

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
        List<Raw> events = read(fromNanos);
        base = Math.min(fromNanos, events.isEmpty() ? fromNanos : events.get(0).ts()) - 1;
        lastTs = 0;
        findStartFrames(events, initial);
        long t0 = stamp(fromNanos);
        emit(timers, EV_GOMAXPROCS, t0, procs, 0);
        Set<Long> seen = new HashSet<>();
        if (onlyUnseen) {
            for (Raw e : events) {
                seen.add(e.goid());
                if (e.kind() == Recorder.WAKE || e.kind() == CREATE) {
                    seen.add(e.a());
                }
            }
        }
        for (Recorder.Initial i : initial) {
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
        for (Raw e : events) {
            replay(e);
        }
        // As Go's StopTrace does for the goroutine that stops it: a goroutine still running at the
        // end is descheduled, so that every run has an end (go tool trace's timeline needs one).
        long end = events.isEmpty() ? fromNanos : events.get(events.size() - 1).ts();
        for (int p = 0; p < running.length; p++) {
            if (running[p] != 0) {
                emit(batches[p], EV_GO_SCHED, stamp(end), 0);
                stopRunning(g(running[p]), RUNNABLE);
            }
        }
        out.write(HEADER);
        for (Batch b : batches) {
            b.bytes.writeTo(out);
        }
        timers.bytes.writeTo(out);
        writeFooter(out);
        out.flush();
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    private List<Raw> read(long fromNanos) {
        Set<Long> system = Recorder.systemThreadIds();
        List<Raw> events = new ArrayList<>();
        long order = 0;
        for (EventBuffer buf : recorder.buffers()) {
            for (EventBuffer.Chunk c = buf.head(); c != null; c = c.next) {
                int size = c.size;
                for (int i = 0; i < size; i++) {
                    int w = i * EventBuffer.WORDS;
                    long ts = c.words[w];
                    order += 2;
                    if (ts < fromNanos) {
                        continue;
                    }
                    long word1 = c.words[w + 1];
                    int kind = EventBuffer.kind(word1);
                    long a = c.words[w + 2];
                    long b = c.words[w + 3];
                    Object ref = c.refs[i];
                    if (kind == Recorder.START && a != 0 && b != 0 && b >= fromNanos && b <= ts) {
                        // its creation, on its creator, just before anything at the same instant
                        events.add(new Raw(b, order - 1, a, CREATE, 0, buf.goid,
                                system.contains(a) ? Recorder.FROM_SYSTEM : 0, ref));
                    }
                    events.add(new Raw(ts, order, buf.goid, kind, EventBuffer.stack(word1), a, b, ref));
                }
            }
        }
        events.sort((x, y) -> x.ts() != y.ts() ? Long.compare(x.ts(), y.ts()) : Long.compare(x.order(), y.order()));
        return events;
    }

    /** Note 5: each goroutine's start frame, as a one-frame stack. */
    private void findStartFrames(List<Raw> events, List<Recorder.Initial> initial) {
        Map<Long, StackTraceElement> sites = new HashMap<>();
        for (Recorder.Initial i : initial) {
            if (i.createdBy() != null) {
                sites.put(i.goid(), i.createdBy());
            }
        }
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
        for (Map.Entry<Long, StackTraceElement> s : sites.entrySet()) {
            startStacks.putIfAbsent(s.getKey(), stacks.of(s.getValue()));
        }
        for (Recorder.Initial i : initial) {
            if (!startStacks.containsKey(i.goid()) && i.name() != null && !i.name().isEmpty()) {
                startStacks.put(i.goid(), stacks.of(new StackTraceElement("", i.name(), null, -1)));
            }
        }
    }

    private int startStack(long goid) {
        return startStacks.computeIfAbsent(goid,
                id -> stacks.of(new StackTraceElement("", "goroutine", null, -1)));
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
            case Recorder.START, Recorder.UNBLOCK -> ensureRunning(e.goid(), e.ts());
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
        int p = idleProcessor(g);
        if (p < 0) {
            p = preemptLongestRunning(ts);
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
