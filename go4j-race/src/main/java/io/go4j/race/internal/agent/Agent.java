package io.go4j.race.internal.agent;

import io.go4j.race.internal.rt.Options;
import io.go4j.race.internal.rt.Reporter;
import io.go4j.race.internal.rt.Rt;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Agent is go4j-race's {@code Premain-Class}: {@code java -javaagent:go4j-race.jar[=options] ...}
 * turns on go4j's happens-before events, installs the detector's listener, and instruments
 * application classes from then on.
 */
public final class Agent {
    private Agent() {}

    /**
     * Starts the detector, before the application's main.
     *
     * @param args options in {@code GORACE} syntax (added after {@code GORACE} and {@code -Dgo4j.race})
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        // First: go4j reads this once, when its Hooks class initialises (Hooks' comment).
        System.setProperty("go4j.syncEvents", "true");
        Options options = Options.read(System.getenv(), System.getProperty("go4j.race", "") + " " + (args == null ? "" : args));
        Rt.mainThread(Thread.currentThread().threadId());
        Reporter.install(options);
        installGoEvents(inst);
        inst.addTransformer(new Transformer(options, inst), false);
        System.setProperty(io.go4j.race.Race.ENABLED_PROPERTY, "true");
    }

    /**
     * Installs the listener of go4j's happens-before events, if go4j is there. On the module path
     * go4j exports its runtime package only to its own named modules, and this agent is in the
     * unnamed module (a -javaagent jar always is): the export is added here, for this agent only.
     */
    private static void installGoEvents(Instrumentation inst) {
        Module agent = Agent.class.getModule();
        ModuleLayer.boot().findModule("io.go4j").ifPresent(go4j -> inst.redefineModule(go4j, Set.of(),
                Map.of("io.go4j.internal.runtime", Set.of(agent)), Map.of(), Set.of(), Map.of()));
        try {
            Class.forName("io.go4j.internal.runtime.Hooks", false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException absent) {
            return;   // an application without go4j: only the JVM's and j.u.c.'s edges
        }
        io.go4j.race.internal.rt.GoEvents.install();
    }
}
