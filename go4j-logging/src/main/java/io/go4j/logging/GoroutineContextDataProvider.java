package io.go4j.logging;

import io.go4j.Go;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import org.apache.logging.log4j.core.util.ContextDataProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * GoroutineContextDataProvider adds the current goroutine's id, creator and profiler labels to
 * the context data of every Log4j 2 event, under the keys of {@link GoroutineMdc}: a pattern
 * prints them with {@code %X{goroutine}}, {@code %X{goroutine.creator}}, {@code %X{request}}.
 *
 * <p>Log4j 2 finds it by {@code ServiceLoader} (this jar's
 * {@code META-INF/services/org.apache.logging.log4j.core.util.ContextDataProvider}), so there is
 * nothing to install. The entries are read when the event is created, on the logging thread, so
 * they are always those of the moment: no goroutine listener is involved, and a goroutine
 * started before Log4j was configured logs its labels too. A thread that {@code go()} did not
 * start has the {@code goroutine} entry (its thread id) and its labels, but no creator.
 * Entries of Log4j's {@code ThreadContext} with the same keys win over these (Log4j merges the
 * thread context last).
 */
public final class GoroutineContextDataProvider implements ContextDataProvider {

    /** Creates the provider; Log4j 2 does, through {@code ServiceLoader}. */
    public GoroutineContextDataProvider() {}

    /**
     * Returns the current goroutine's entries.
     *
     * @return a new map of the id, the creator (for goroutines started by {@code go()}) and the labels
     */
    @Override
    public Map<String, String> supplyContextData() {
        Goroutine g = Registry.current();
        Map<String, String> labels = g == null ? Map.of() : g.labels();
        Map<String, String> data = new HashMap<>(labels.size() + 3);
        data.putAll(labels);
        data.put(GoroutineMdc.GOROUTINE, Long.toString(Go.goid()));
        if (g != null && !g.adopted()) {
            data.put(GoroutineMdc.CREATOR, Long.toString(g.creatorId()));
        }
        return data;
    }
}
