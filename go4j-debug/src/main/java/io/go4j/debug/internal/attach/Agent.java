package io.go4j.debug.internal.attach;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Agent is the Java agent the attach command loads into a running JVM ({@code Agent-Class} of
 * go4j-debug's jar): it takes a goroutine dump there and writes it to the file the command
 * named, as SIGQUIT makes a Go program print its goroutines.
 *
 * <p>The target never called go4j-debug, and go4j-core may be on its class path, on its module
 * path, or in a class loader of its own (an application server's, a fat jar's). So this class
 * uses nothing from go4j: it finds a loaded go4j-core class, defines go4j-debug's classes from
 * this jar in a class loader whose parent is go4j-core's (so they see the target's very
 * registry), opens go4j-core's internal packages to that loader when go4j-core is a named module
 * ({@link Instrumentation#redefineModule}: the qualified exports of {@code module-info} name
 * {@code io.go4j.debug}, which the agent's classes are not), and runs {@link InTarget} there.
 *
 * <p>Errors never escape: a missing go4j-core, an incompatible one or a failure while dumping
 * is written to the reply file as an {@link Request#ERROR} reply, which the command prints.
 * Each attach defines a fresh loader; it is unreachable once the dump is written.
 */
public final class Agent {
    /** The go4j-core classes looked for first: always loaded once a goroutine ran or waited. */
    private static final String[] CORE_ANCHORS = {"io.go4j.internal.runtime.Registry", "io.go4j.Go", "io.go4j.Chan",
        "io.go4j.sync.Mutex", "io.go4j.sync.WaitGroup"};

    /** go4j-core's internal packages the dump reads. */
    private static final String[] INTERNAL_PACKAGES = {"io.go4j.internal.runtime", "io.go4j.internal.chan"};

    private Agent() {}

    /**
     * The agent's entry point when loaded into a running JVM.
     *
     * @param args the encoded {@link Request}
     * @param inst the instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        Request request;
        try {
            request = Request.decode(args);
        } catch (IllegalArgumentException e) {
            return;   // no reply file to write to: the command reports an empty reply
        }
        String reply;
        try {
            reply = Request.OK + "\n" + dump(args, inst);
        } catch (Throwable t) {   // the target must go on whatever happens here; the message goes back
            reply = Request.ERROR + "\n" + message(t);
        }
        try {
            Files.writeString(request.out(), reply, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the command sees an empty reply and says so
        }
    }

    private static String dump(String args, Instrumentation inst) throws ReflectiveOperationException {
        Class<?> anchor = findCore(inst);
        if (anchor == null) {
            throw new Refusal("go4j-core is not loaded in process " + ProcessHandle.current().pid());
        }
        URL jar = Agent.class.getProtectionDomain().getCodeSource().getLocation();
        DebugLoader loader = new DebugLoader(jar, anchor.getClassLoader());
        Module core = anchor.getModule();
        if (core.isNamed()) {
            Set<Module> us = Set.of(loader.getUnnamedModule());
            Map<String, Set<Module>> exports = new java.util.HashMap<>();
            for (String pkg : INTERNAL_PACKAGES) {
                exports.put(pkg, us);
            }
            inst.redefineModule(core, Set.of(), exports, Map.of(), Set.of(), Map.of());
        }
        Class<?> inTarget = Class.forName("io.go4j.debug.internal.attach.InTarget", true, loader);
        return (String) inTarget.getMethod("dump", String.class).invoke(null, args);
    }

    /**
     * Returns a loaded go4j-core class, or null if go4j-core is not loaded: the registry if
     * loaded, else another class of go4j-core's API. (A JVM holding two go4j-cores, in two
     * loaders, is dumped through the first found.)
     */
    private static Class<?> findCore(Instrumentation inst) {
        Class<?>[] loaded = inst.getAllLoadedClasses();
        for (String name : CORE_ANCHORS) {
            for (Class<?> c : loaded) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                ? ite.getCause() : t;
        if (cause instanceof Refusal) {
            return cause.getMessage();
        }
        if (cause instanceof LinkageError) {
            return "go4j-core in process " + ProcessHandle.current().pid()
                    + " does not match this go4j-debug: " + cause;
        }
        return "dump failed in process " + ProcessHandle.current().pid() + ": " + cause;
    }

    /** An error whose message is the whole story. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Defines go4j-debug's classes from the agent jar itself (child first), everything else from
     * go4j-core's loader, so that go4j-debug sees the target's go4j-core even when the
     * application loader (which also has the agent jar, appended by the attach mechanism) cannot.
     */
    static final class DebugLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        DebugLoader(URL jar, ClassLoader coreLoader) {
            super("go4j-debug-agent", new URL[] {jar}, coreLoader);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.go4j.debug.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
