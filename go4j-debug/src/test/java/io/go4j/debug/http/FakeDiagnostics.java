package io.go4j.debug.http;

import io.go4j.debug.internal.http.Diagnostics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Diagnostics} whose answers the test sets, and which records every call (with the
 * thread it ran on), so that the handler's routing, parameters and replies are tested without
 * the runtime.
 */
class FakeDiagnostics implements Diagnostics {

    /** A body writer the test supplies for a profile; may throw. */
    interface Writer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /** One call: what, with which debug or duration, on which thread. */
    record Call(String what, String name, int debug, Duration duration, Thread thread) {}

    final Map<String, Integer> profiles = new LinkedHashMap<>();
    final Map<String, Writer> writers = new LinkedHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Writer cpu = out -> out.write(bytes("CPU-PROFILE"));
    volatile Writer delta = out -> out.write(bytes("DELTA"));
    volatile String goroutinesJson = "{\"goroutines\":[]}";
    volatile String schedLatencyText = "count: 3\n";
    volatile String schedLatencyJson = "{\"count\":3}";
    volatile RuntimeException profilesFailure;
    volatile List<String> commandLine = List.of("java", "-Xmx64m", "-jar", "app.jar", "arg with space");

    FakeDiagnostics() {
        profiles.put("goroutine", 7);
        profiles.put("block", 0);
        profiles.put("mutex", 2);
        profiles.put("goroutineleak", 1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The calls of one kind. */
    List<Call> calls(String what) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.what().equals(what)) {
                out.add(c);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public List<ProfileCount> profiles() {
        calls.add(new Call("profiles", null, -1, null, Thread.currentThread()));
        if (profilesFailure != null) {
            throw profilesFailure;
        }
        List<ProfileCount> out = new ArrayList<>();
        profiles.forEach((n, c) -> out.add(new ProfileCount(n, c)));
        Collections.reverse(out); // any order: the index sorts
        return out;
    }

    @Override
    public boolean exists(String name) {
        return profiles.containsKey(name);
    }

    @Override
    public void writeProfile(String name, OutputStream out, int debug) throws IOException {
        calls.add(new Call("profile", name, debug, null, Thread.currentThread()));
        Writer w = writers.get(name);
        if (w == null) {
            out.write(bytes(name + " debug=" + debug));
            return;
        }
        try {
            w.write(out);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void writeDelta(String name, OutputStream out, Duration duration) throws IOException, InterruptedException {
        calls.add(new Call("delta", name, -1, duration, Thread.currentThread()));
        if (name.equals("goroutineleak")) {
            throw new IllegalArgumentException("goroutineleak has no deltas");
        }
        delta.write(out);
    }

    @Override
    public void writeCpuProfile(OutputStream out, Duration duration) throws IOException, InterruptedException {
        calls.add(new Call("cpu", null, -1, duration, Thread.currentThread()));
        cpu.write(out);
    }

    @Override
    public void writeGoroutinesJson(Appendable out) throws IOException {
        calls.add(new Call("json", null, -1, null, Thread.currentThread()));
        out.append(goroutinesJson);
    }

    @Override
    public void writeSchedLatency(Appendable out, boolean json) throws IOException {
        calls.add(new Call(json ? "schedlatency json" : "schedlatency text", null, -1, null, Thread.currentThread()));
        out.append(json ? schedLatencyJson : schedLatencyText);
    }

    @Override
    public List<String> commandLine() {
        return commandLine;
    }
}
