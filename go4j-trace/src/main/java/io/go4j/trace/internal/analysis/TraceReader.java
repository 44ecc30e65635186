package io.go4j.trace.internal.analysis;

import io.go4j.trace.analysis.Frame;
import io.go4j.trace.analysis.TraceEvent;
import io.go4j.trace.analysis.TraceEvent.Kind;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * TraceReader reads a Go 1.19 execution trace file (versions 1.11 to 1.19 share its layout) and
 * delivers its events in Go's merge order, keeping the string and stack tables in memory but
 * never the events: its heap is the tables, one small buffer per processor, and one state word
 * per live goroutine.
 *
 * <p>Invariants: events reach the consumer in the order Go 1.19's {@code order.go} merges them
 * (each processor's events in file order; among the processors' next events, the earliest of
 * those whose goroutine sequence number is due); {@link #stack} and {@link #string} answer for
 * every id of the file once {@link #open} returns. Non-invariants: timestamps are not promised
 * to be sorted (Go's parser refuses such a trace with {@code ErrTimeOrder}; this reader delivers
 * it as merged), and a {@code GoSysExit} keeps its place but takes its real, earlier time (note
 * 5); CPU samples are not delivered.
 */
public final class TraceReader implements AutoCloseable {
    /*
     * Implementation notes.
     *
     * 1. Two passes. A Go 1.19 trace is a sequence of per-processor batches (EvBatch p ticks,
     *    then events whose timestamps are deltas from the previous event of the batch), with
     *    EvString entries anywhere (the runtime writes them into the current batch) and the
     *    stack table, EvFrequency and EvTimerGoroutine at the end. Events of one processor are
     *    in order; across processors only the timestamps and the goroutines' sequence numbers
     *    order them, and a processor may write many batches. Go's parser loads everything and
     *    merges in memory. Here the first pass (scan) reads the whole file sequentially once,
     *    keeping the strings, the stacks (as raw ids, resolved on demand), the frequency, and
     *    each batch's processor, first tick and byte range: a few dozen bytes per batch (Go
     *    flushes a batch per 64 KiB buffer, so 16 K of them for 1 GB; go4j writes one per
     *    processor).
     * 2. The second pass is a k-way merge. Each processor has a cursor that walks its batches
     *    in file order through its own 64 KiB window (positional reads on one FileChannel),
     *    skipping strings and stacks, and decodes one event ahead (its head). The merge is Go's
     *    order1007: among the heads whose goroutine transition is ready (stateTransition and
     *    transitionReady: a GoStart of seq s needs its goroutine runnable at s, a GoUnblock
     *    needs it waiting at s, a GoCreate needs it unseen), deliver the earliest; then apply
     *    the transition. The state map holds live goroutines only: an EvGoEnd removes its
     *    goroutine (Go gives a new goroutine a fresh id, so a dead one is never named again,
     *    and a missing entry reads as {0, dead}, GoCreate's precondition). The scan over the
     *    heads is linear in the number of processors: fine for GOMAXPROCS-sized k.
     * 3. Time: ns = (ticks - the first delivered event's ticks) * 1e9 / frequency, as Go's
     *    parser does after its merge (go4j writes frequency 1e9: the identity).
     * 4. The running goroutine of each event (TraceEvent.g) is tracked per cursor as Go's
     *    parser tracks lastG per processor: set by a start, cleared by a block, an end, a
     *    sched, a preempt.
     * 5. A GoSysExit carries the time the syscall really returned, earlier than the event's
     *    own. Go's parser re-stamps it and re-sorts the whole trace; a stream cannot re-sort,
     *    so it is delivered at its place in the merge, stamped with its real time (the one
     *    place where time may go backwards; go4j writes no syscalls).
     * 6. Go's parser moves two kinds of event to fake processors after its merge: every
     *    GoSysExit to SyscallP, and a GoUnblock by a timer goroutine (one an EvTimerGoroutine
     *    names, written by runtimes before Go 1.14) to TimerP. The reader does the same, so an
     *    event's p is the one `go tool trace` shows (go4j writes its timer wake-ups in TimerP's
     *    own batches).
     */

    static final int EV_BATCH = 1;
    static final int EV_FREQUENCY = 2;
    static final int EV_STACK = 3;
    static final int EV_GO_CREATE = 13;
    static final int EV_GO_START = 14;
    static final int EV_GO_END = 15;
    static final int EV_GO_UNBLOCK = 21;
    static final int EV_GO_SYS_EXIT = 29;
    static final int EV_GO_WAITING = 31;
    static final int EV_GO_IN_SYSCALL = 32;
    static final int EV_TIMER_GOROUTINE = 35;
    static final int EV_STRING = 37;
    static final int EV_GO_START_LOCAL = 38;
    static final int EV_GO_UNBLOCK_LOCAL = 39;
    static final int EV_GO_SYS_EXIT_LOCAL = 40;
    static final int EV_GO_START_LABEL = 41;
    static final int EV_GC_START = 7;
    static final int EV_USER_TASK_CREATE = 45;
    static final int EV_USER_REGION = 47;
    static final int EV_USER_LOG = 48;
    static final int EV_CPU_SAMPLE = 49;
    static final int EV_COUNT = 50;

    /** Go's name of each event type (EventDescriptions' Name column). */
    private static final String[] NAMES = {"None", "Batch", "Frequency", "Stack", "Gomaxprocs", "ProcStart",
        "ProcStop", "GCStart", "GCDone", "GCSTWStart", "GCSTWDone", "GCSweepStart", "GCSweepDone", "GoCreate",
        "GoStart", "GoEnd", "GoStop", "GoSched", "GoPreempt", "GoSleep", "GoBlock", "GoUnblock", "GoBlockSend",
        "GoBlockRecv", "GoBlockSelect", "GoBlockSync", "GoBlockCond", "GoBlockNet", "GoSysCall", "GoSysExit",
        "GoSysBlock", "GoWaiting", "GoInSyscall", "HeapAlloc", "HeapGoal", "TimerGoroutine", "FutileWakeup",
        "String", "GoStartLocal", "GoUnblockLocal", "GoSysExitLocal", "GoStartLabel", "GoBlockGC",
        "GCMarkAssistStart", "GCMarkAssistDone", "UserTaskCreate", "UserTaskEnd", "UserRegion", "UserLog",
        "CPUSample"};

    /** Returns Go's name of event type {@code type}, e.g. {@code "GoBlockSend"}. */
    public static String goName(int type) {
        return NAMES[type];
    }

    /** Which event types end with a stack id (EventDescriptions' Stack column). */
    private static final boolean[] HAS_STACK = new boolean[EV_COUNT];

    static {
        for (int t : new int[] {4, 7, 11, 13, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 39, 42, 43,
                45, 46, 47, 48, 49}) {
            HAS_STACK[t] = true;
        }
    }

    private static final int WINDOW = 64 << 10;
    private static final long MAX_STRING = 1_000_000;

    private static final int DEAD = 0;
    private static final int RUNNABLE = 1;
    private static final int RUNNING = 2;
    private static final int WAITING = 3;
    private static final long NOSEQ = -1;
    private static final long SEQINC = -2;
    private static final long UNORDERED = Long.MIN_VALUE;
    private static final long GARBAGE = Long.MIN_VALUE + 1;

    /** One batch found by the scan. */
    private record BatchSpan(int p, long ticks, long start, long end) {}

    private final Path path;
    private final FileChannel channel;
    private final int version;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, long[]> rawStacks = new HashMap<>();
    private final Map<Long, List<Frame>> stacks = new HashMap<>();
    private final Map<Integer, List<BatchSpan>> batches = new TreeMap<>();
    private long frequency = 1_000_000_000L;
    private final Set<Long> timerGoroutines = new HashSet<>();
    private long firstTicks;          // the first delivered event's, during a pass (note 3)
    private long eventCount;
    private final long size;

    private TraceReader(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
        try {
            this.version = scan();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens {@code path} and reads its tables (the first pass).
     *
     * @param path a Go 1.11 to 1.19 trace file
     * @return the reader
     * @throws IOException if it cannot be read or is not such a trace (the message names the
     *                     offset)
     */
    public static TraceReader open(Path path) throws IOException {
        return new TraceReader(path);
    }

    /** Returns the format version, e.g. 1019. */
    public int version() {
        return version;
    }

    /** Returns the file's size in bytes. */
    public long size() {
        return size;
    }

    /** Returns the number of events the scan counted (strings and stacks excluded). */
    public long eventCount() {
        return eventCount;
    }

    /** Returns the string of id {@code id}, "" for 0 or an unknown id. */
    public String string(long id) {
        return strings.getOrDefault(id, "");
    }

    /** Returns the frames of stack {@code id}, outermost last; empty for 0 or an unknown id. */
    public List<Frame> stack(long id) {
        List<Frame> s = stacks.get(id);
        if (s != null) {
            return s;
        }
        long[] raw = rawStacks.get(id);
        if (raw == null) {
            return List.of();
        }
        List<Frame> frames = new ArrayList<>(raw.length / 4);
        for (int i = 0; i + 3 < raw.length; i += 4) {
            frames.add(new Frame(raw[i], string(raw[i + 1]), string(raw[i + 2]), (int) raw[i + 3]));
        }
        s = List.copyOf(frames);
        stacks.put(id, s);
        return s;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ---------------------------------------------------------------------------------------
    // Pass 1: the tables and the batches (note 1)

    private int scan() throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 20)) {
            Scanner s = new Scanner(in);
            byte[] header = s.bytes(16);
            int ver = parseHeader(header);
            int p = -1;
            long ticks = 0;
            long start = -1;
            long[] args = new long[8];
            while (true) {
                long off = s.off;
                int b = s.read();
                if (b < 0) {
                    break;
                }
                int typ = b & 0x3f;
                int narg = (b >> 6) + 1;
                if (typ == 0 || typ >= EV_COUNT) {
                    throw new IOException(path + ": unknown event type " + typ + " at offset 0x" + Long.toHexString(off));
                }
                if (typ == EV_STRING) {
                    long id = s.varint();
                    long len = s.varint();
                    if (id == 0 || len == 0 || len > MAX_STRING) {
                        throw new IOException(path + ": bad string entry at offset 0x" + Long.toHexString(off));
                    }
                    strings.put(id, new String(s.bytes((int) len), StandardCharsets.UTF_8));
                    continue;
                }
                if (typ == EV_BATCH) {
                    if (p >= 0) {
                        addBatch(p, ticks, start, off);
                    }
                    p = (int) s.varint();
                    ticks = s.varint();
                    start = s.off;
                    if (narg > 2) {
                        throw new IOException(path + ": bad batch at offset 0x" + Long.toHexString(off));
                    }
                    continue;
                }
                if (narg < 4) {
                    for (int i = 0; i < narg; i++) {
                        args[i] = s.varint();
                    }
                } else {
                    long len = s.varint();
                    long end = s.off + len;
                    if (typ == EV_STACK) {
                        long id = s.varint();
                        int n = (int) s.varint();
                        long[] frames = new long[n * 4];
                        for (int i = 0; i < frames.length; i++) {
                            frames[i] = s.varint();
                        }
                        if (id != 0) {
                            rawStacks.put(id, frames);
                        }
                    }
                    s.skip(end - s.off);
                }
                if (typ == EV_FREQUENCY) {
                    frequency = args[0];
                    if (frequency <= 0) {
                        throw new IOException(path + ": bad frequency " + frequency);
                    }
                } else if (typ == EV_USER_LOG) {
                    s.skip(s.varint());
                    eventCount++;
                } else if (typ == EV_TIMER_GOROUTINE) {
                    timerGoroutines.add(args[0]);   // note 6
                } else if (typ != EV_STACK) {
                    eventCount++;
                }
            }
            if (p >= 0) {
                addBatch(p, ticks, start, s.off);
            }
            return ver;
        }
    }

    private void addBatch(int p, long ticks, long start, long end) {
        batches.computeIfAbsent(p, k -> new ArrayList<>()).add(new BatchSpan(p, ticks, start, end));
    }

    private int parseHeader(byte[] h) throws IOException {
        String s = new String(h, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("go 1.") || !s.contains(" trace\0")) {
            throw new IOException(path + ": not a Go trace file");
        }
        int end = s.indexOf(" trace");
        int minor = Integer.parseInt(s.substring(5, end));
        int ver = 1000 + minor;
        if (ver < 1011 || ver > 1019) {
            throw new IOException(path + ": unsupported trace version 1." + minor
                    + " (this reader reads Go 1.11 to 1.19's format, which go4j writes)");
        }
        return ver;
    }

    /** Sequential reading with the offset (pass 1). */
    private final class Scanner {
        private final InputStream in;
        long off;

        Scanner(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                off++;
            }
            return b;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                if (b < 0) {
                    throw new EOFException(path + ": truncated at offset 0x" + Long.toHexString(off));
                }
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException(path + ": bad varint at offset 0x" + Long.toHexString(off));
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            off += b.length;
            if (b.length != n) {
                throw new EOFException(path + ": truncated at offset 0x" + Long.toHexString(off));
            }
            return b;
        }

        void skip(long n) throws IOException {
            if (n < 0) {
                throw new IOException(path + ": bad event length at offset 0x" + Long.toHexString(off));
            }
            long left = n;
            while (left > 0) {
                long k = in.skip(left);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException(path + ": truncated at offset 0x" + Long.toHexString(off));
                    }
                    k = 1;
                }
                left -= k;
            }
            off += n;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Pass 2: the merge (note 2)

    /**
     * Delivers every event, in Go's merge order, to {@code sink} (the second pass; may be called
     * again for another pass).
     *
     * @param sink the consumer
     * @throws IOException if the file cannot be read or has no consistent order
     */
    public void events(Consumer<TraceEvent> sink) throws IOException {
        List<Cursor> cursors = new ArrayList<>();
        for (List<BatchSpan> spans : batches.values()) {
            Cursor c = new Cursor(spans);
            if (c.advance()) {
                cursors.add(c);
            }
        }
        Map<Long, long[]> gs = new HashMap<>();   // goid -> {seq, status}; live goroutines only
        long[] none = {0, DEAD};
        long[] garbage = {0, DEAD};
        firstTicks = Long.MIN_VALUE;
        while (!cursors.isEmpty()) {
            Cursor best = null;
            for (Cursor c : cursors) {
                long[] st = c.g == GARBAGE ? garbage : c.g == UNORDERED ? none : gs.getOrDefault(c.g, none);
                if (ready(c, st) && (best == null || c.ts < best.ts)) {
                    best = c;
                }
            }
            if (best == null) {
                throw new IOException(path + ": no consistent ordering of events possible");
            }
            transition(best, gs, garbage);
            sink.accept(best.event(this));
            if (!best.advance()) {
                cursors.remove(best);
            }
        }
    }

    private static boolean ready(Cursor c, long[] st) {
        return c.g == UNORDERED || (c.initSeq == NOSEQ || c.initSeq == st[0]) && c.initStatus == st[1];
    }

    private static void transition(Cursor c, Map<Long, long[]> gs, long[] garbage) {
        if (c.g == UNORDERED) {
            if (c.typ == EV_GO_END) {
                gs.remove(c.runningG);
            }
            return;
        }
        long[] st = c.g == GARBAGE ? garbage : gs.computeIfAbsent(c.g, k -> new long[] {0, DEAD});
        long seq = c.nextSeq == NOSEQ ? st[0] : c.nextSeq == SEQINC ? st[0] + 1 : c.nextSeq;
        st[0] = seq;
        st[1] = c.nextStatus;
    }

    long nanos(long ticks) {
        if (firstTicks == Long.MIN_VALUE) {
            firstTicks = ticks;
        }
        long d = ticks - firstTicks;
        return frequency == 1_000_000_000L ? d : (long) (d * (1e9 / frequency));
    }

    /** One processor's walk through its batches (note 2). */
    private final class Cursor {
        private final List<BatchSpan> spans;
        private int span = -1;
        private long pos;          // file offset of buf's position
        private long end;          // end of the current batch
        private final ByteBuffer buf = ByteBuffer.allocate(WINDOW);
        private long bufStart;     // file offset of buf[0]
        private long lastTicks;
        private long lastG;        // the goroutine running on this processor (note 4)
        private final int p;
        // the head
        int typ;
        long ts;
        final long[] args = new long[8];
        int nargs;
        long stk;
        String text;
        long runningG;
        // its goroutine transition (order.go's stateTransition)
        long g;
        long initSeq;
        int initStatus;
        long nextSeq;
        int nextStatus;

        Cursor(List<BatchSpan> spans) {
            this.spans = spans;
            this.p = spans.get(0).p();
            buf.limit(0);
        }

        /** Decodes the next event of this processor into the head; false at its end. */
        boolean advance() throws IOException {
            while (true) {
                if (span < 0 || pos >= end) {
                    if (++span >= spans.size()) {
                        return false;
                    }
                    BatchSpan s = spans.get(span);
                    pos = s.start();
                    end = s.end();
                    lastTicks = s.ticks();
                    continue;
                }
                long off = pos;
                int b = u8();
                int t = b & 0x3f;
                int narg = (b >> 6) + 1;
                if (t == EV_STRING) {
                    varint();
                    skip(varint());
                    continue;
                }
                int n;
                if (narg < 4) {
                    n = narg;
                    for (int i = 0; i < narg; i++) {
                        args[i] = varint();
                    }
                } else {
                    long len = varint();
                    long stop = pos + len;
                    if (t == EV_STACK || t == EV_BATCH) {
                        skip(len);
                        continue;
                    }
                    n = 0;
                    while (pos < stop) {
                        long v = varint();
                        if (n < args.length) {
                            args[n++] = v;
                        }
                    }
                    if (pos != stop) {
                        throw new IOException(path + ": event has wrong length at offset 0x" + Long.toHexString(off));
                    }
                }
                if (t == EV_USER_LOG) {
                    long len = varint();
                    text = new String(bytes((int) Math.min(len, MAX_STRING)), StandardCharsets.UTF_8);
                } else {
                    text = null;
                }
                if (t == EV_FREQUENCY || t == EV_TIMER_GOROUTINE || t == EV_STACK || t == EV_BATCH
                        || t == EV_CPU_SAMPLE) {
                    continue;
                }
                decode(t, n);
                return true;
            }
        }

        private void decode(int t, int n) {
            typ = t;
            lastTicks += args[0];
            ts = lastTicks;
            nargs = n - 1;
            if (HAS_STACK[t] && nargs > 0) {
                stk = args[n - 1];
                nargs--;
            } else {
                stk = 0;
            }
            // args[1..nargs] are Go's Args[0..]
            long a0 = nargs > 0 ? args[1] : 0;
            long a1 = nargs > 1 ? args[2] : 0;
            runningG = lastG;
            switch (t) {
                case EV_GO_START, EV_GO_START_LOCAL, EV_GO_START_LABEL -> {
                    lastG = a0;
                    runningG = a0;
                }
                case 15, 16, 17, 18, 19, 20, 22, 23, 24, 25, 26, 27, 30, 42 -> lastG = 0;
                case EV_GO_SYS_EXIT, EV_GO_WAITING, EV_GO_IN_SYSCALL -> runningG = a0;
                default -> { }
            }
            if (t == 7 || t == 8 || t == 10) {
                runningG = 0;
            }
            // order.go's stateTransition
            switch (t) {
                case EV_GO_CREATE -> set(a0, 0, DEAD, 1, RUNNABLE);
                case EV_GO_WAITING, EV_GO_IN_SYSCALL -> set(runningG, 1, RUNNABLE, 2, WAITING);
                case EV_GO_START, EV_GO_START_LABEL -> set(runningG, a1, RUNNABLE, a1 + 1, RUNNING);
                case EV_GO_START_LOCAL -> set(runningG, NOSEQ, RUNNABLE, SEQINC, RUNNING);
                case 19, 20, 22, 23, 24, 25, 26, 27, 30, 42 -> set(runningG, NOSEQ, RUNNING, NOSEQ, WAITING);
                case 17, 18 -> set(runningG, NOSEQ, RUNNING, NOSEQ, RUNNABLE);
                case EV_GO_UNBLOCK, EV_GO_SYS_EXIT -> set(a0, a1, WAITING, a1 + 1, RUNNABLE);
                case EV_GO_UNBLOCK_LOCAL, EV_GO_SYS_EXIT_LOCAL -> set(a0, NOSEQ, WAITING, SEQINC, RUNNABLE);
                case EV_GC_START -> set(GARBAGE, a0, DEAD, a0 + 1, DEAD);
                default -> g = UNORDERED;
            }
        }

        private void set(long goid, long iSeq, int iStatus, long nSeq, int nStatus) {
            g = goid;
            initSeq = iSeq;
            initStatus = iStatus;
            nextSeq = nSeq;
            nextStatus = nStatus;
        }

        TraceEvent event(TraceReader r) {
            Kind kind = switch (typ) {
                case EV_GO_START_LOCAL, EV_GO_START_LABEL -> Kind.GO_START;
                case EV_GO_UNBLOCK_LOCAL -> Kind.GO_UNBLOCK;
                case EV_GO_SYS_EXIT_LOCAL -> Kind.GO_SYS_EXIT;
                default -> Kind.of(typ);
            };
            long a0 = nargs > 0 ? args[1] : 0;
            long target = switch (typ) {
                case EV_GO_CREATE, EV_GO_UNBLOCK, EV_GO_UNBLOCK_LOCAL, EV_GO_WAITING, EV_GO_IN_SYSCALL,
                     EV_GO_SYS_EXIT, EV_GO_SYS_EXIT_LOCAL -> a0;
                default -> 0;
            };
            long stack = typ == EV_GO_CREATE && nargs > 1 ? args[2] : stk;
            String s = switch (typ) {
                case EV_USER_TASK_CREATE, EV_USER_REGION -> nargs > 2 ? r.string(args[3]) : null;
                case EV_USER_LOG -> r.string(nargs > 1 ? args[2] : 0) + "=" + text;
                case EV_GO_START_LABEL -> nargs > 2 ? r.string(args[3]) : null;
                default -> null;
            };
            long t = r.nanos(ts);
            long real = typ == EV_GO_SYS_EXIT && nargs > 2 ? args[3] : typ == EV_GO_SYS_EXIT_LOCAL && nargs > 1 ? args[2] : 0;
            if (real != 0) {
                t = r.nanos(real);   // note 5
            }
            int fakeP = kind == Kind.GO_SYS_EXIT ? TraceEvent.SYSCALL_P   // note 6
                    : kind == Kind.GO_UNBLOCK && r.timerGoroutines.contains(runningG) ? TraceEvent.TIMER_P : p;
            return new TraceEvent(t, kind, fakeP, runningG, target, stack, s);
        }

        // Reading through the window

        private void fill() throws IOException {
            buf.clear();
            bufStart = pos;
            channel.read(buf, pos);
            buf.flip();
            if (!buf.hasRemaining()) {
                throw new EOFException(path + ": truncated at offset 0x" + Long.toHexString(pos));
            }
        }

        private int u8() throws IOException {
            long i = pos - bufStart;
            if (i < 0 || i >= buf.limit()) {
                fill();
                i = 0;
            }
            pos++;
            return buf.get((int) i) & 0xff;
        }

        private long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException(path + ": bad varint at offset 0x" + Long.toHexString(pos));
        }

        private void skip(long n) {
            pos += n;
        }

        private byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) u8();
            }
            return out;
        }
    }
}
