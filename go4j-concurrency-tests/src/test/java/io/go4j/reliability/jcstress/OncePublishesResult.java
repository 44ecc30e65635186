package io.go4j.reliability.jcstress;

import io.go4j.sync.Once;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.function.Supplier;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The return of the function run by a Once happens-before the return of every call on that
 * Once (Go memory model, "Once"): two goroutines racing to initialise through one Once both
 * return with the whole initialisation visible, whichever of them ran it, and it ran exactly
 * once. The initialisation writes plain fields only, publishing its result through a plain
 * field, the lazy-initialisation idiom Once exists for. Results: {@code r1}, {@code r2} the
 * value each caller read through the published object (-1 if it saw no object),
 * {@code r3} how many times the function ran.
 */
public class OncePublishesResult {

    /** The initialised object: plain fields, written by the Once's function. */
    static final class Config {
        int port;
        int retries;

        int checksum() {
            return port + retries;   // 42 only when both writes are visible
        }
    }

    @JCStressTest
    @Description("Once.run: both callers see the whole initialisation, which ran once.")
    @Outcome(id = "42, 42, 1", expect = ACCEPTABLE, desc = "both see the initialised object; the function ran once")
    @Outcome(expect = FORBIDDEN, desc = "a caller returned before seeing the initialisation, or it ran twice")
    @State
    public static class Run {
        final Once once = new Once();
        Config config;   // plain, published by the Once
        int runs;        // plain, counted by the Once's function

        private void init() {
            Config c = new Config();
            c.port = 40;
            c.retries = 2;
            config = c;
            runs++;
        }

        private int read() {
            once.run(this::init);
            Config c = config;
            return c == null ? -1 : c.checksum();
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = read();
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = read();
        }

        @Arbiter
        public void count(III_Result r) {
            r.r3 = runs;
        }
    }

    @JCStressTest
    @Description("Once.onceValue: both callers get the fully built value, which was computed once.")
    @Outcome(id = "42, 42, 1", expect = ACCEPTABLE, desc = "both see the built value; the supplier ran once")
    @Outcome(expect = FORBIDDEN, desc = "a caller got an incomplete or missing value, or the supplier ran twice")
    @State
    public static class OnceValue {
        int runs;   // plain, counted by the supplier
        final Supplier<Config> config = Once.onceValue(() -> {
            Config c = new Config();
            c.port = 40;
            c.retries = 2;
            runs++;
            return c;
        });

        private int read() {
            Config c = config.get();
            return c == null ? -1 : c.checksum();
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = read();
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = read();
        }

        @Arbiter
        public void count(III_Result r) {
            r.r3 = runs;
        }
    }
}
