package io.go4j.debug.internal.attach;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.internal.leak.LeakFinder;
import java.io.IOException;

/**
 * InTarget takes the dump inside the attached JVM, in the agent's class loader (see
 * {@link Agent}), and returns it as text.
 *
 * <p>The thread running it is the JVM's Attach Listener, not part of the program: it is left out,
 * and no goroutine is "current", as Go's SIGQUIT dump has no caller of its own to put first.
 */
public final class InTarget {
    private InTarget() {}

    /**
     * Takes the dump {@code args} asks for.
     *
     * @param args an encoded {@link Request}
     * @return the dump
     * @throws IOException never in practice (it writes to a StringBuilder)
     */
    public static String dump(String args) throws IOException {
        Request r = Request.decode(args);
        Dumps.Style style = Dumps.Style.valueOf(r.format());
        Snapshot snapshot = LeakFinder.withKept(Snapshot.take(true, r.other()).without(Thread.currentThread().threadId()));
        StringBuilder b = new StringBuilder(8192);
        Dumps.write(b, style, new Dumps.Settings(r.exactWaits(), r.blockers(), r.allFrames()), snapshot, -1);
        return b.toString();
    }
}
