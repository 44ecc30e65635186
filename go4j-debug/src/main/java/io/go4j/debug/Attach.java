package io.go4j.debug;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.go4j.debug.internal.attach.AgentJar;
import io.go4j.debug.internal.attach.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Attach prints the goroutine dump of a running JVM, as SIGQUIT makes a Go program print its
 * goroutines: {@code java -jar go4j-debug.jar <pid>} (or
 * {@code java -cp go4j-debug.jar io.go4j.debug.Attach <pid>}). The target needs go4j-core, on its
 * class path or module path, and nothing else: it never has to have called go4j-debug, nor have an
 * HTTP server. This JVM needs only go4j-debug's jar (and the JDK's {@code jdk.attach} module).
 *
 * <pre>
 * usage: java -jar go4j-debug.jar [flags] pid
 *   -grouped      identical stacks grouped with their count (pprof debug=1)
 *   -json         the JSON document (see GoroutineDump)
 *   -exact-waits  print the exact wait durations
 *   -blockers     print what each goroutine waits on
 *   -all-frames   print every frame and the JVM's own threads
 *   -go4j-only    leave out the platform threads go4j has never seen wait
 * </pre>
 *
 * <p>How: it attaches with the JDK's Attach API and loads go4j-debug's jar into the target as an
 * agent, which takes the dump there and writes it to a file that only this user can read; this
 * command prints it. The target prints a warning about the dynamically loaded agent unless it
 * runs with {@code -XX:+EnableDynamicAgentLoading} (JEP 451); the attach mechanism must not be
 * disabled ({@code -XX:+DisableAttachMechanism}), and both JVMs run as the same user.
 *
 * <p>Exit status: 0 with the dump on standard output; 1 with a message on standard error when the
 * dump cannot be taken ({@code no such process N}, {@code process N is not a Java virtual machine
 * that accepts attach}, {@code go4j-core is not loaded in process N}); 2 for bad usage, as Go's
 * {@code flag} package ({@code flag provided but not defined: -x}).
 */
public final class Attach {
    private static final String USAGE = """
            usage: java -jar go4j-debug.jar [flags] pid
              -grouped      identical stacks grouped with their count (pprof debug=1)
              -json         the JSON document (see GoroutineDump)
              -exact-waits  print the exact wait durations
              -blockers     print what each goroutine waits on
              -all-frames   print every frame and the JVM's own threads
              -go4j-only    leave out the platform threads go4j has never seen wait
            """;

    private Attach() {}

    /**
     * Prints the dump of the JVM whose process id is the last argument, then exits with the
     * status {@link #run} returns.
     *
     * @param args flags, then the process id
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Does what {@link #main} does, printing to {@code out} and {@code err}, and returns the exit
     * status instead of exiting.
     *
     * @param args flags, then the process id
     * @param out  where the dump goes
     * @param err  where messages go
     * @return 0 on success, 1 if the dump could not be taken, 2 for bad usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String format = "FULL";
        boolean exact = false;
        boolean blockers = false;
        boolean all = false;
        boolean other = true;
        String pidText = null;
        for (String a : args) {
            switch (a) {
                case "-grouped", "--grouped" -> format = "GROUPED";
                case "-json", "--json" -> format = "JSON";
                case "-exact-waits", "--exact-waits" -> exact = true;
                case "-blockers", "--blockers" -> blockers = true;
                case "-all-frames", "--all-frames" -> all = true;
                case "-go4j-only", "--go4j-only" -> other = false;
                case "-h", "-help", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        err.println("flag provided but not defined: " + a);
                        err.print(USAGE);
                        return 2;
                    }
                    if (pidText != null) {
                        err.println("go4j attach: one process id, please (got " + pidText + " and " + a + ")");
                        err.print(USAGE);
                        return 2;
                    }
                    pidText = a;
                }
            }
        }
        if (pidText == null) {
            err.print(USAGE);
            return 2;
        }
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            err.println("go4j attach: invalid process id \"" + pidText + "\"");
            return 2;
        }
        try {
            String dump = dump(pid, format, exact, blockers, other, all);
            out.print(dump);
            out.flush();
            return 0;
        } catch (Failure e) {
            err.println("go4j attach: " + e.getMessage());
            return 1;
        }
    }

    private static String dump(long pid, String format, boolean exact, boolean blockers, boolean other, boolean all)
            throws Failure {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new Failure("no such process " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new Failure("process " + pid + " is this command; call GoroutineDump.write in-process instead");
        }
        AgentJar.Located jar = null;
        Path reply = null;
        try {
            jar = AgentJar.locate();
            reply = replyFile();
            VirtualMachine vm = attach(pid);
            try {
                vm.loadAgent(jar.path().toString(), new Request(format, exact, blockers, other, all, reply).encode());
            } catch (AgentLoadException | AgentInitializationException e) {
                throw new Failure("the agent failed to load in process " + pid + ": " + e.getMessage());
            } finally {
                vm.detach();
            }
            return readReply(pid, reply);
        } catch (IOException e) {
            throw new Failure("cannot dump process " + pid + ": " + e.getMessage());
        } finally {
            deleteQuietly(reply);
            if (jar != null && jar.temporary()) {
                deleteQuietly(jar.path());
            }
        }
    }

    private static VirtualMachine attach(long pid) throws Failure, IOException {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new Failure("process " + pid + " is not a Java virtual machine that accepts attach ("
                    + e.getMessage() + ")");
        }
    }

    /** A file for the reply that only this user may read or write (the target runs as this user). */
    private static Path replyFile() throws IOException {
        try {
            return Files.createTempFile("go4j-dump-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("go4j-dump-", ".txt");   // not a POSIX file system
        }
    }

    private static String readReply(long pid, Path reply) throws IOException, Failure {
        String text = Files.readString(reply, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String status = nl < 0 ? text : text.substring(0, nl);
        String body = nl < 0 ? "" : text.substring(nl + 1);
        if (status.equals(Request.OK)) {
            return body;
        }
        if (status.equals(Request.ERROR)) {
            throw new Failure(body);
        }
        throw new Failure("process " + pid + " gave no dump (the agent could not write " + reply + ")");
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file left behind; the message that matters is the dump's
        }
    }

    /** Why the dump could not be taken: the message is printed as is. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
