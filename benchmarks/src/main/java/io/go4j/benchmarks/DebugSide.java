package io.go4j.benchmarks;

import io.go4j.debug.PprofServer;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.trace.FlightRecorder;
import io.go4j.trace.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * DebugSide puts go4j-debug into the state a benchmark fork asks for with
 * {@code -Dgo4j.bench.debug}, so that one jar measures go4j-debug's cost side by side with its
 * absence in one {@code ab-run}:
 * <ul>
 *   <li>absent or {@code none}: go4j-debug is never touched (its classes are not even loaded);</li>
 *   <li>{@code idle}: loaded and serving, as in a service that mounts {@code /debug/pprof} and
 *       nobody looks: its profile classes loaded and a {@link PprofServer} listening on
 *       127.0.0.1, no profiling switched on;</li>
 *   <li>{@code block}: idle, plus the block profile at rate 1 (every blocking event recorded,
 *       Go's {@code runtime.SetBlockProfileRate(1)}) and the mutex profile at fraction 1;</li>
 *   <li>{@code trace}: go4j-trace's flight recorder on (the window as small as it goes);</li>
 *   <li>{@code stream}: {@code Trace.start} writing the whole trace, as it records, into a stream
 *       that discards it (Go's {@code trace.Start}: the events, and the writer thread's work).</li>
 * </ul>
 */
final class DebugSide {
    private static final String MODE = System.getProperty("go4j.bench.debug", "none");
    private static PprofServer server;   // the benchmark thread only
    private static FlightRecorder recorder;   // the benchmark thread only

    private DebugSide() {}

    static void up() {
        switch (MODE) {
            case "none" -> { }
            case "idle" -> serve();
            case "block" -> {
                serve();
                Profiling.setBlockProfileRate(1);
                Profiling.setMutexProfileFraction(1);
            }
            case "trace" -> {
                recorder = new FlightRecorder(Duration.ZERO, 0);
                recorder.start();
            }
            case "stream" -> Trace.start(OutputStream.nullOutputStream());
            default -> throw new IllegalArgumentException(
                    "go4j.bench.debug must be none, idle, block, trace or stream, not " + MODE);
        }
    }

    static void down() {
        if (MODE.equals("stream")) {
            Trace.stop();
        }
        if (recorder != null) {
            recorder.stop();
            recorder = null;
        }
        if (server != null) {
            Profiling.setBlockProfileRate(0);
            Profiling.setMutexProfileFraction(0);
            server.close();
            server = null;
        }
    }

    private static void serve() {
        if (Profile.profiles().isEmpty()) {
            throw new IllegalStateException("go4j-debug lists no profiles");
        }
        try {
            server = PprofServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
