package io.go4j.debug.internal.http;

import io.go4j.debug.GoroutineDump;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.SchedLatency;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RuntimeDiagnostics is the real {@link Diagnostics}: go4j-debug's public {@link Profile},
 * {@link Profiling}, {@link GoroutineDump} and {@link SchedLatency}, and the JVM's own command
 * line.
 */
final class RuntimeDiagnostics implements Diagnostics {

    /* Implementation notes
     *
     * 1. The command line is the process's own argv as the OS has it (ProcessHandle reads
     *    /proc/self/cmdline on Linux): the java launcher, its options, the main class or -jar or
     *    -m, then the program's arguments, as Go's os.Args is the binary then its arguments.
     *    Where the OS does not tell (ProcessHandle's info is best effort), it is rebuilt from
     *    java.home, the RuntimeMXBean's input arguments and sun.java.command, which loses the
     *    quoting of arguments that contain spaces: that is why it is only the fallback.
     */

    static final RuntimeDiagnostics INSTANCE = new RuntimeDiagnostics();

    private RuntimeDiagnostics() {}

    @Override
    public List<ProfileCount> profiles() {
        List<ProfileCount> all = new ArrayList<>();
        for (Profile p : Profile.profiles()) {
            all.add(new ProfileCount(p.name(), p.count()));
        }
        return all;
    }

    @Override
    public boolean exists(String name) {
        return Profile.lookup(name) != null;
    }

    @Override
    public void writeProfile(String name, OutputStream out, int debug) throws IOException {
        profile(name).writeTo(out, debug);
    }

    @Override
    public void writeDelta(String name, OutputStream out, Duration duration) throws IOException, InterruptedException {
        profile(name).writeDelta(out, duration);
    }

    @Override
    public void writeCpuProfile(OutputStream out, Duration duration) throws IOException, InterruptedException {
        Profiling.writeCpuProfile(out, duration);
    }

    @Override
    public void writeGoroutinesJson(Appendable out) throws IOException {
        GoroutineDump.write(out, GoroutineDump.Options.json());
    }

    @Override
    public void writeSchedLatency(Appendable out, boolean json) throws IOException {
        SchedLatency.Histogram h = SchedLatency.histogram();
        out.append(json ? h.toJson() : h.toText());
    }

    @Override
    public List<String> commandLine() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isPresent() && arguments.isPresent()) {
            List<String> all = new ArrayList<>();
            all.add(command.get());
            all.addAll(List.of(arguments.get()));
            return all;
        }
        List<String> all = new ArrayList<>();
        all.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        all.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String main = System.getProperty("sun.java.command", "");
        if (!main.isBlank()) {
            all.addAll(List.of(main.trim().split(" +")));
        }
        return all;
    }

    private static Profile profile(String name) {
        Profile p = Profile.lookup(name);
        if (p == null) {
            throw new IllegalStateException("profile " + name + " disappeared");
        }
        return p;
    }
}
