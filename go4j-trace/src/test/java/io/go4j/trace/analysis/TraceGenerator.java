package io.go4j.trace.analysis;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TraceGenerator writes a large, valid Go 1.19 trace quickly, as Go's runtime does: each
 * processor fills a 64 KiB buffer and flushes it as a batch, so batches of different processors
 * interleave in the file out of time order, and the string and stack tables come last. The
 * schedule: {@code goroutines} goroutines on 4 processors; at step i goroutine {@code i % G}
 * starts, wakes the goroutine it blocked {@code G/2} steps earlier, and blocks (a channel, a
 * mutex, a select, a sleep woken by the Timers lane), so every goroutine's sequence numbers are
 * Go's. Memory is the buffers, whatever the size.
 */
final class TraceGenerator {
    private static final int PROCS = 4;
    private static final int BATCH = 64 << 10;
    private static final int TIMER_P = 1_000_001;

    private final OutputStream out;
    private final ByteArrayOutputStream[] bufs = new ByteArrayOutputStream[PROCS + 1];
    private final long[] batchTs = new long[PROCS + 1];
    private final long[] lastTs = new long[PROCS + 1];
    private final int[] pid = new int[PROCS + 1];
    private long ts = 1_000;
    private long written;

    private TraceGenerator(OutputStream out) {
        this.out = out;
        for (int p = 0; p <= PROCS; p++) {
            bufs[p] = new ByteArrayOutputStream(BATCH + 256);
            batchTs[p] = -1;
            pid[p] = p == PROCS ? TIMER_P : p;
        }
    }

    /**
     * Writes a trace of about {@code bytes} bytes to {@code file}.
     *
     * @return the number of events written
     */
    static long write(Path file, long bytes, int goroutines) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            TraceGenerator g = new TraceGenerator(os);
            return g.run(bytes, goroutines);
        }
    }

    private long run(long bytes, int goroutines) throws IOException {
        out.write("go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII));
        written = 16;
        long events = 0;
        long[] seq = new long[goroutines + 1];
        int[] blockedAt = new int[goroutines + 1];   // which block kind, for the stack
        emit(PROCS, 4, PROCS, 1);                    // Gomaxprocs procs stack
        events++;
        for (int g = 1; g <= goroutines; g++) {
            emit(PROCS, 13, g, 1, 2);                // GoCreate g startStack=1 stack=2 (Timers lane)
            seq[g] = 1;
            events++;
        }
        for (int p = 0; p < PROCS; p++) {
            emit(p, 5, p);                           // ProcStart
            events++;
        }
        int half = goroutines / 2;
        for (long i = 0; written < bytes; i++) {
            int g = (int) (i % goroutines) + 1;
            int p = (int) (i % PROCS);
            emit(p, 14, g, seq[g]);                  // GoStart g seq
            seq[g]++;
            events++;
            if (i >= half) {
                int h = (int) ((i - half) % goroutines) + 1;
                if (blockedAt[h] == 3) {
                    emit(PROCS, 21, h, seq[h], 0);   // a timer wakes the sleeper
                } else {
                    emit(p, 21, h, seq[h], 10 + blockedAt[h]);   // GoUnblock h seq stack
                }
                seq[h]++;
                events++;
            }
            int kind = (int) (i % 4);
            blockedAt[g] = kind;
            int type = switch (kind) {
                case 0 -> 23;   // GoBlockRecv
                case 1 -> 25;   // GoBlockSync
                case 2 -> 24;   // GoBlockSelect
                default -> 19;  // GoSleep
            };
            emit(p, type, 20 + kind);
            events++;
        }
        for (int p = 0; p <= PROCS; p++) {
            flush(p);
        }
        writeTables();
        return events;
    }

    private void emit(int p, int type, long... args) throws IOException {
        ts += 50 + (ts % 7) * 10;
        ByteArrayOutputStream b = bufs[p];
        if (batchTs[p] < 0) {
            batchTs[p] = ts;
            lastTs[p] = ts;
        }
        long delta = ts - lastTs[p];
        lastTs[p] = ts;
        if (args.length < 3) {
            b.write(type | args.length << 6);
            varint(b, delta);
            for (long a : args) {
                varint(b, a);
            }
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            varint(body, delta);
            for (long a : args) {
                varint(body, a);
            }
            b.write(type | 3 << 6);
            varint(b, body.size());
            body.writeTo(b);
        }
        if (b.size() >= BATCH) {
            flush(p);
        }
    }

    private void flush(int p) throws IOException {
        ByteArrayOutputStream b = bufs[p];
        if (b.size() == 0) {
            return;
        }
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(1 | 1 << 6);
        varint(h, pid[p]);
        varint(h, batchTs[p]);
        h.writeTo(out);
        b.writeTo(out);
        written += h.size() + b.size();
        b.reset();
        batchTs[p] = -1;
    }

    private void writeTables() throws IOException {
        String[] strings = {"main.worker", "main/worker.go", "io.go4j.Chan.recv", "io/go4j/Chan.java",
            "io.go4j.sync.Mutex.lock", "io/go4j/sync/Mutex.java", "io.go4j.Select.select", "io/go4j/Select.java",
            "io.go4j.time.Time.sleep", "io/go4j/time/Time.java", "io.go4j.Chan.send", "main.main", "main/main.go"};
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        for (int i = 0; i < strings.length; i++) {
            byte[] s = strings[i].getBytes(StandardCharsets.UTF_8);
            t.write(37);
            varint(t, i + 1);
            varint(t, s.length);
            t.write(s, 0, s.length);
        }
        stack(t, 1, new long[] {1, 2, 10});                  // start: main.worker
        stack(t, 2, new long[] {12, 13, 5});                 // created in main.main
        for (int k = 0; k < 4; k++) {
            long fn = 3 + 2L * k;
            stack(t, 20 + k, new long[] {fn, fn + 1, 40 + k, 1, 2, 12});   // the block sites
            stack(t, 10 + k, new long[] {11, 4, 60 + k, 1, 2, 14});        // the wake-up sites
        }
        t.write(2);
        varint(t, 1_000_000_000L);                           // EvFrequency
        t.writeTo(out);
        written += t.size();
    }

    private static void stack(ByteArrayOutputStream t, long id, long[] frames) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        varint(body, id);
        int n = frames.length / 3;
        varint(body, n);
        for (int i = 0; i < n; i++) {
            varint(body, 0x400000 + id * 64 + i);
            varint(body, frames[3 * i]);
            varint(body, frames[3 * i + 1]);
            varint(body, frames[3 * i + 2]);
        }
        t.write(3 | 3 << 6);
        varint(t, body.size());
        body.writeTo(t);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
