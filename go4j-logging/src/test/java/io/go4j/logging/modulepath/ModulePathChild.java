package io.go4j.logging.modulepath;

import io.go4j.Go;
import io.go4j.logging.GoroutineContextDataProvider;
import org.apache.logging.log4j.LogManager;

import java.util.Map;

/**
 * Log4jModulePathTest's child JVM: on the class path, in a package of its own (io.go4j.logging is
 * the named module's), with go4j-logging and Log4j 2 on the module path. A goroutine with a label
 * logs through Log4j.
 */
public final class ModulePathChild {
    private ModulePathChild() {}

    /**
     * Logs one line from a goroutine.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println("go4j-logging is the named module " + GoroutineContextDataProvider.class.getModule().getName());
        Go.withLabels(Map.of("request", "r-mp"), () -> {
            Thread t = Go.go(() -> LogManager.getLogger("child").info("from goroutine " + Go.goid()));
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        LogManager.shutdown();
    }
}
