package racecorpus;

import io.go4j.Go;

/**
 * Two goroutines, the second started after the first has ended, with no edge between them: a
 * race, even though the detector may give the second the first's slot (Slots' quarantine).
 */
@Expect(races = 1, category = "scale: slot reuse")
public class GoroutinesInSequence {
    int x;

    public static void main(String[] args) throws Exception {
        GoroutinesInSequence p = new GoroutinesInSequence();
        Thread first = Go.go(() -> {
            p.x = 1; // RACE
        });
        while (first.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        Thread second = Go.go(() -> {
            p.x = 2; // RACE
        });
        second.join();
    }
}
