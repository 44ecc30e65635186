package io.go4j.trace.agent;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.PprofServer;
import io.go4j.trace.FlightRecorder;
import io.go4j.trace.testing.Waits;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * LaunchedProgram is what {@link FlightAgentTest} runs in a child JVM started with go4j-trace's
 * agent: a program that never creates a flight recorder, and reaches the launched one through
 * {@link FlightRecorder#launched()}. It prints {@code launched=} (the recorder, or {@code none})
 * and {@code module=} (FlightRecorder's module), then does what its first argument says. It lives
 * outside go4j-trace's packages, so that it also runs on the class path beside go4j-trace on the
 * module path.
 */
public final class LaunchedProgram {
    private LaunchedProgram() {}

    /**
     * Runs the program.
     *
     * @param args {@code launched} (only the two lines); {@code write FILE} (some goroutine
     *             traffic, then the window to FILE); {@code serve} (go4j-debug's
     *             {@code /debug/pprof} on 127.0.0.1, some traffic, {@code uri=} its address, then
     *             serve until standard input ends); {@code deadlock} (a global deadlock after
     *             some traffic)
     * @throws Exception if the program fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println("launched=" + FlightRecorder.launched().map(Object::toString).orElse("none"));
        System.out.println("module=" + FlightRecorder.class.getModule().getName());
        switch (args[0]) {
            case "launched" -> { }
            case "write" -> {
                traffic();
                try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
                    FlightRecorder.launched().orElseThrow().writeTo(out);
                }
            }
            case "serve" -> {
                try (PprofServer server = PprofServer.start()) {
                    traffic();
                    System.out.println("uri=" + server.uri());
                    System.out.flush();
                    while (System.in.read() >= 0) {
                        // serve until the test closes standard input
                    }
                }
            }
            case "deadlock" -> {
                traffic();
                System.out.flush();
                Chan.<Integer>make().recv();   // no one will ever send: go4j-debug's watcher reports it
                System.out.println("survived");
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /**
     * A producer goroutine hands 100 values to main over an unbuffered channel, then main waits
     * once more where it certainly parks; prints {@code producer=} and {@code main=}, their ids.
     */
    private static void traffic() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Thread producer = Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                c.send(i);
            }
            c.close();
        });
        for (Integer ignored : c) {
            // drained
        }
        producer.join();
        Waits.parkedReceive();
        System.out.println("producer=" + producer.threadId());
        System.out.println("main=" + Thread.currentThread().threadId());
    }
}
