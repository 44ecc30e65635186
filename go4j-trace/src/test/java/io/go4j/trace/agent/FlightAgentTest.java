package io.go4j.trace.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import io.go4j.debug.Deadlocks;
import io.go4j.trace.FlightRecorder;
import io.go4j.trace.internal.agent.Agent;
import io.go4j.trace.testing.ChildJvm;
import io.go4j.trace.testing.GoTool;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * go4j-trace's jar as a Java agent: {@code -javaagent:go4j-trace.jar=flight,...} starts a flight
 * recorder before main in a program that never creates one ({@link LaunchedProgram}, in a child
 * JVM). The agent jar is go4j-trace's compiled classes packed with the manifest attribute the
 * module's pom gives the real jar (checked here too), since the real jar is built after the tests;
 * the child's class path leaves go4j-trace's classes directory out, so they come from that jar.
 */
class FlightAgentTest {
    private static final String PREMAIN = "<Premain-Class>" + Agent.class.getName() + "</Premain-Class>";
    /** go4j-debug's agent, which starts the deadlock watcher (its pom's Premain-Class). */
    private static final String DEBUG_PREMAIN = "io.go4j.debug.internal.deadlock.Agent";

    @TempDir
    Path dir;

    /** This JVM's class path without go4j-trace's own classes: the agent jar brings them. */
    private static String classPathWithoutTrace() {
        Path own = ChildJvm.location(Agent.class).toAbsolutePath();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().equals(own))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private Path traceAgent() throws IOException {
        return ChildJvm.agentJar(ChildJvm.location(Agent.class), Agent.class.getName(), dir);
    }

    private List<String> withAgent(String argument, String... more) throws IOException {
        List<String> options = new ArrayList<>();
        options.add("-javaagent:" + traceAgent() + (argument.isEmpty() ? "" : "=" + argument));
        options.addAll(List.of(more));
        options.addAll(List.of("-cp", classPathWithoutTrace()));
        return options;
    }

    private ChildJvm.Result run(List<String> options, String... args) throws Exception {
        return ChildJvm.run(dir, options, LaunchedProgram.class.getName(), args);
    }

    /** Fails unless {@code trace} parses with go tool trace -d and shows the child's producer and main. */
    private void assertShowsTheProgram(Path trace, String producer, String main) throws Exception {
        List<String> events = GoTool.parsedEvents(dir, trace);
        String all = String.join("\n", events);
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoCreate ") && l.contains(" g=" + producer + " ")),
                "the producer's creation is in the window:\n" + all);
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoBlockRecv ") && l.contains(" g=" + main + " ")),
                "main's receives are in the window:\n" + all);
    }

    @Test
    @DisplayName("go4j-trace's jar names the agent as its Premain-Class")
    void pomDeclaresTheAgent() throws IOException {
        assertTrue(Files.readString(Path.of("pom.xml")).contains(PREMAIN), "go4j-trace/pom.xml has " + PREMAIN);
    }

    @Test
    @DisplayName("without the agent there is no launched recorder")
    void noAgentNoRecorder() {
        assertTrue(FlightRecorder.launched().isEmpty());
    }

    @Test
    @DisplayName("-javaagent:go4j-trace.jar=flight,age=5s,bytes=64m starts a recorder before main, whose window, written through launched(), go tool trace parses")
    void launchedRecorderWritesItsWindow() throws Exception {
        Path trace = dir.resolve("launched.trace");
        ChildJvm.Result r = run(withAgent("flight,age=5s,bytes=64m"), "write", trace.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("FlightRecorder[minAge=5s, maxBytes=67108864, running]", r.line("launched"), r.describe());
        assertEquals("null", r.line("module"), "on the class path: the unnamed module");
        assertShowsTheProgram(trace, r.line("producer"), r.line("main"));
    }

    @Test
    @DisplayName("a bare -javaagent:go4j-trace.jar and =flight both start Go's defaults: 10 s, 10 MiB")
    void goDefaults() throws Exception {
        for (String argument : List.of("", "flight")) {
            ChildJvm.Result r = run(withAgent(argument), "launched");
            assertEquals(0, r.exit(), r.describe());
            assertEquals("FlightRecorder[minAge=10s, maxBytes=10485760, running]", r.line("launched"), r.describe());
        }
    }

    @Test
    @DisplayName("an empty agent argument reads -Dgo4j.trace.flight; a given argument wins over it")
    void propertyWhenTheArgumentIsEmpty() throws Exception {
        ChildJvm.Result fromProperty = run(withAgent("", "-D" + FlightRecorder.LAUNCH_PROPERTY + "=age=1m30s,bytes=64MiB"),
                "launched");
        assertEquals(0, fromProperty.exit(), fromProperty.describe());
        assertEquals("FlightRecorder[minAge=1m30s, maxBytes=67108864, running]", fromProperty.line("launched"));

        ChildJvm.Result argumentWins = run(withAgent("flight,age=2s", "-D" + FlightRecorder.LAUNCH_PROPERTY + "=age=1m30s"),
                "launched");
        assertEquals(0, argumentWins.exit(), argumentWins.describe());
        assertEquals("FlightRecorder[minAge=2s, maxBytes=10485760, running]", argumentWins.line("launched"));
    }

    @Test
    @DisplayName("a bad option in the argument stops the JVM before main with an IllegalArgumentException naming it")
    void badArgumentStopsTheJvm() throws Exception {
        ChildJvm.Result r = run(withAgent("flight,bytes=64MB"), "launched");
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("java.lang.IllegalArgumentException: go4j trace: bad flight recorder option"
                + " \"bytes=64MB\" in the agent's argument \"flight,bytes=64MB\": unknown unit \"MB\""), r.describe());
        assertFalse(r.stdout().contains("launched="), "main never ran: " + r.describe());
    }

    @Test
    @DisplayName("a bad -Dgo4j.trace.flight stops the JVM before main with a message naming the property")
    void badPropertyStopsTheJvm() throws Exception {
        ChildJvm.Result r = run(withAgent("", "-D" + FlightRecorder.LAUNCH_PROPERTY + "=age=5"), "launched");
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("go4j trace: bad flight recorder option \"age=5\" in -Dgo4j.trace.flight=\"age=5\":"
                + " time: missing unit in duration \"5\""), r.describe());
        assertFalse(r.stdout().contains("launched="), "main never ran: " + r.describe());
    }

    @Test
    @DisplayName("the launched recorder's window is served by go4j-debug's PprofServer on 127.0.0.1 at /debug/pprof/trace?flight=1, and go tool trace parses it")
    void windowOverHttp() throws Exception {
        try (ChildJvm child = ChildJvm.start(dir, withAgent("flight"), LaunchedProgram.class.getName(), "serve");
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            URI uri = URI.create(child.awaitLine("uri"));
            assertEquals("127.0.0.1", uri.getHost());
            HttpResponse<byte[]> window = http.send(HttpRequest.newBuilder(uri.resolve("trace?flight=1"))
                    .timeout(ChildJvm.BOUND).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri.resolve("trace?flight=yes"))
                    .timeout(ChildJvm.BOUND).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(uri.resolve("trace?seconds=1"))
                    .timeout(ChildJvm.BOUND).build(), HttpResponse.BodyHandlers.ofString());
            ChildJvm.Result r = child.await();
            assertEquals(0, r.exit(), r.describe());

            assertEquals(200, window.statusCode(), () -> new String(window.body(), StandardCharsets.UTF_8));
            Path trace = dir.resolve("http.trace");
            Files.write(trace, window.body());
            assertShowsTheProgram(trace, r.line("producer"), r.line("main"));
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().startsWith("bad flight parameter \"yes\""), bad.body());
            assertEquals(500, plain.statusCode(), plain.body());
            assertEquals("Could not enable tracing: tracing is already enabled"
                    + " (a flight recorder is recording: ?flight=1 answers its window)\n", plain.body());
        }
    }

    @Test
    @DisplayName("with go4j-debug's agent too, a deadlock saves the launched recorder's window in -Dgo4j.trace.snapshotdir")
    void deadlockSnapshot() throws Exception {
        Path snapshots = dir.resolve("snapshots");
        List<String> options = new ArrayList<>();
        options.add("-javaagent:" + ChildJvm.agentJar(ChildJvm.location(Deadlocks.class), DEBUG_PREMAIN, dir));
        options.addAll(withAgent("flight", "-D" + FlightRecorder.SNAPSHOT_DIR_PROPERTY + "=" + snapshots));
        ChildJvm.Result r = run(options, "deadlock");
        assertEquals(2, r.exit(), r.describe());
        assertTrue(r.stderr().startsWith("fatal error: all goroutines are asleep - deadlock!"), r.describe());
        Matcher m = Pattern.compile("go4j-trace: the flight recorder's recent past is in (\\S+) ").matcher(r.stderr());
        assertTrue(m.find(), "the report names the trace file: " + r.describe());
        Path trace = Path.of(m.group(1));
        assertEquals(snapshots, trace.getParent(), "the file is in the property's directory");
        assertShowsTheProgram(trace, r.line("producer"), r.line("main"));
    }

    @Test
    @DisplayName("on the module path, the agent runs in module io.go4j.trace, so launched() answers the program's FlightRecorder")
    void modulePath() throws Exception {
        Path trace = dir.resolve("module.trace");
        Path agent = traceAgent();
        String modules = String.join(File.pathSeparator, ChildJvm.location(Go.class).toString(),
                ChildJvm.location(Deadlocks.class).toString(), agent.toString());
        ChildJvm.Result r = run(List.of("-javaagent:" + agent + "=flight", "--module-path", modules,
                "--add-modules", "io.go4j.trace", "-cp", ChildJvm.location(LaunchedProgram.class).toString()),
                "write", trace.toString());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("io.go4j.trace", r.line("module"));
        assertTrue(r.line("launched").endsWith(", running]"), r.describe());
        assertShowsTheProgram(trace, r.line("producer"), r.line("main"));
    }

    @Test
    @DisplayName("on the module path, go4j-debug's agent and go4j-trace's both run in their modules, and a deadlock saves the window")
    void modulePathDeadlockSnapshot() throws Exception {
        Path snapshots = dir.resolve("module-snapshots");
        Path agent = traceAgent();
        String modules = String.join(File.pathSeparator, ChildJvm.location(Go.class).toString(),
                ChildJvm.location(Deadlocks.class).toString(), agent.toString());
        ChildJvm.Result r = run(List.of("-javaagent:" + ChildJvm.agentJar(ChildJvm.location(Deadlocks.class), DEBUG_PREMAIN, dir),
                "-javaagent:" + agent + "=flight", "-D" + FlightRecorder.SNAPSHOT_DIR_PROPERTY + "=" + snapshots,
                "--module-path", modules, "--add-modules", "io.go4j.debug,io.go4j.trace",
                "-cp", ChildJvm.location(LaunchedProgram.class).toString()), "deadlock");
        assertEquals(2, r.exit(), r.describe());
        Matcher m = Pattern.compile("go4j-trace: the flight recorder's recent past is in (\\S+) ").matcher(r.stderr());
        assertTrue(m.find(), "the report names the trace file: " + r.describe());
        assertShowsTheProgram(Path.of(m.group(1)), r.line("producer"), r.line("main"));
    }

    @Test
    @DisplayName("go4j on the module path without go4j-trace resolved stops the JVM saying what to add")
    void modulePathWithoutTrace() throws Exception {
        Path agent = traceAgent();
        String modules = ChildJvm.location(Go.class) + File.pathSeparator + ChildJvm.location(Deadlocks.class);
        ChildJvm.Result r = run(List.of("-javaagent:" + agent + "=flight", "--module-path", modules,
                "--add-modules", "io.go4j.debug", "-cp", ChildJvm.location(LaunchedProgram.class).toString()),
                "launched");
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("go4j trace: go4j is on the module path, so the flight recorder's agent must run in"
                + " module io.go4j.trace: put go4j-trace on the module path too and resolve it (--add-modules io.go4j.trace"),
                r.describe());
    }
}
