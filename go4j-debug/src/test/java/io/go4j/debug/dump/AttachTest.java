package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.debug.Attach;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.testing.ChildJvm;
import io.go4j.debug.testing.Exec;
import io.go4j.debug.testing.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The attach command end to end: child JVMs running go4j programs that never called go4j-debug
 * (go4j-core on the class path, then on the module path), attached to from this JVM and from a
 * command line of its own; and its errors.
 */
@DisplayName("The attach command")
class AttachTest {
    private final List<Exec> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Exec::close);
    }

    @Test
    @DisplayName("it dumps a running JVM that never called go4j-debug, go4j-core on its class path: wait reasons, frames, the Mutex's holder")
    void classPath() throws Exception {
        Process target = start(List.of("-cp", path(Chan.class) + java.io.File.pathSeparator + path(AttachTarget.class)),
                AttachTarget.class.getName());
        Result r = attach("-blockers", Long.toString(target.pid()));

        assertEquals(0, r.status, r.err);
        String dump = r.out;
        DumpGrammar.checkFull("attached dump", dump, true);
        List<String> receiver = blockWith(dump, AttachTarget.class.getName() + ".receiveForever(...)");
        assertTrue(receiver.get(0).matches("goroutine \\d+ \\[chan receive]:"), receiver.get(0));
        List<String> locker = blockWith(dump, AttachTarget.class.getName() + ".lockForever(...)");
        assertTrue(locker.get(0).matches("goroutine \\d+ \\[sync.Mutex.Lock]:"), locker.get(0));
        List<String> main = blockWith(dump, AttachTarget.class.getName() + ".main(...)");
        assertTrue(main.get(0).matches("goroutine \\d+ \\[chan receive]:"), "main, adopted: " + main.get(0));
        long mainId = Long.parseLong(main.get(0).split(" ")[1]);
        assertTrue(locker.get(1).matches("# on sync\\.Mutex@\\p{XDigit}+ held by goroutine " + mainId), locker.get(1));
        assertTrue(receiver.contains("created by " + AttachTarget.class.getName() + ".main in goroutine " + mainId),
                String.join("\n", receiver));
        assertTrue(!dump.contains("Attach Listener") && !dump.contains("io.go4j.debug.internal"),
                "the agent's own thread and frames are left out:\n" + dump);
    }

    @Test
    @DisplayName("it dumps a JVM running go4j-core on the module path, opening go4j's internals to the agent alone")
    void modulePath() throws Exception {
        Process target = start(List.of("--module-path", path(Chan.class), "--add-modules", "io.go4j",
                "-cp", path(AttachTarget.class)), AttachTarget.class.getName());
        Result r = attach("-json", Long.toString(target.pid()));

        assertEquals(0, r.status, r.err);
        var doc = Json.object(Json.parse(r.out));
        List<String> reasons = Json.array(doc.get("goroutines")).stream().map(Json::object)
                .map(g -> String.valueOf(g.get("waitReason"))).toList();
        assertTrue(reasons.contains("sync.Mutex.Lock") && reasons.stream().filter("chan receive"::equals).count() == 2,
                reasons.toString());
        assertTrue(r.out.contains("\"file\":\"io.go4j/io/go4j/Chan.java\""), "go4j-core's frames carry its module:\n" + r.out);
    }

    @Test
    @DisplayName("java -cp go4j-debug io.go4j.debug.Attach <pid> prints the grouped dump, with nothing but go4j-debug on its class path")
    void commandLine() throws Exception {
        Process target = start(List.of("-cp", path(Chan.class) + java.io.File.pathSeparator + path(AttachTarget.class)),
                AttachTarget.class.getName());
        Result r = command("-cp", path(GoroutineDump.class), Attach.class.getName(), "-grouped",
                Long.toString(target.pid()));
        assertEquals(0, r.status, r.err);
        DumpGrammar.checkGrouped("attached grouped dump", r.out, false);
        assertTrue(r.out.contains("\t" + AttachTarget.class.getName() + ".lockForever+0x"), r.out);
    }

    @Test
    @DisplayName("a JVM without go4j-core: 'go4j-core is not loaded in process N', status 1")
    void withoutGo4j() throws Exception {
        Process target = start(List.of("-cp", path(PlainJavaTarget.class)), PlainJavaTarget.class.getName());
        Result r = attach(Long.toString(target.pid()));
        assertEquals(1, r.status, r.out);
        assertEquals("go4j attach: go4j-core is not loaded in process " + target.pid() + "\n", r.err);
        assertEquals("", r.out);
        assertTrue(target.isAlive(), "the target goes on");
    }

    @Test
    @DisplayName("no such process: 'no such process N', status 1")
    void noSuchProcess() {
        Result r = attach("2147483647");   // above any Linux pid_max
        assertEquals(1, r.status);
        assertEquals("go4j attach: no such process 2147483647\n", r.err);
    }

    @Test
    @DisplayName("a process that is not a JVM is refused, status 1, and left running")
    void notAJvm() throws Exception {
        Exec sleeper = Exec.start(List.of("sleep", "120"), null, Map.of(), ChildJvm.BOUND);
        children.add(sleeper);
        Process sleep = sleeper.process();
        // The JDK waits for the attach handshake up to half its timeout: shorten it in a command of its own.
        Result r = command("-Dsun.tools.attach.attachTimeout=1000", "-cp", path(GoroutineDump.class),
                Attach.class.getName(), Long.toString(sleep.pid()));
        assertEquals(1, r.status, r.out);
        assertTrue(r.err.startsWith("go4j attach: process " + sleep.pid() + " is not a Java virtual machine that accepts attach ("),
                r.err);
        assertTrue(sleep.isAlive(), "attach must not kill a process that is not a JVM");
    }

    @Test
    @DisplayName("bad usage: Go's 'flag provided but not defined', a bad process id, no process id; status 2")
    void badUsage() {
        Result flag = attach("-nope", "1");
        assertEquals(2, flag.status);
        assertTrue(flag.err.startsWith("flag provided but not defined: -nope\nusage: java -jar go4j-debug.jar"), flag.err);
        Result pid = attach("abc");
        assertEquals(2, pid.status);
        assertEquals("go4j attach: invalid process id \"abc\"\n", pid.err);
        Result none = attach();
        assertEquals(2, none.status);
        assertTrue(none.err.startsWith("usage: "), none.err);
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    private record Result(int status, String out, String err) {}

    private static Result attach(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Attach.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts a child JVM and waits (bounded) for its "ready" line. */
    private Process start(List<String> jvmArgs, String mainClass) {
        List<String> options = new ArrayList<>();
        options.add("-XX:+EnableDynamicAgentLoading");   // no JEP 451 warning in the child's stderr
        options.add("-XX:TieredStopAtLevel=1");
        options.addAll(jvmArgs);
        Exec child = ChildJvm.startWith(options, mainClass);
        children.add(child);
        child.awaitStdout("ready");
        return child.process();
    }

    /** Runs {@code java <args>} (bounded) and returns its status and output. */
    private static Result command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.java()));
        cmd.addAll(List.of(args));
        Exec.Result r = Exec.run(cmd, null, Map.of(), ChildJvm.BOUND);
        return new Result(r.exit(), r.stdout(), r.stderr());
    }

    /** The block of a full dump that contains {@code line}. */
    private static List<String> blockWith(String dump, String line) {
        for (String block : dump.split("\n\n")) {
            List<String> lines = List.of(block.split("\n"));
            if (lines.contains(line)) {
                return lines;
            }
        }
        throw new AssertionError("no goroutine with " + line + " in\n" + dump);
    }

    private static String path(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
