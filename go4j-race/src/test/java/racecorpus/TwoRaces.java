package racecorpus;

/** Two distinct races (two pairs of locations), for the halt_on_error option. */
@Expect(races = 2, category = "plain field")
public class TwoRaces {
    int a;
    int b;

    public static void main(String[] args) throws Exception {
        TwoRaces p = new TwoRaces();
        Thread t = new Thread(() -> {
            p.a = 1; // RACE
            p.b = 1; // RACE
        });
        t.start();
        p.a = 2; // RACE
        p.b = 2; // RACE
        t.join();
        // the detector's own count, as Go's race.Errors() gives it
        System.out.println("enabled=" + io.go4j.race.Race.enabled() + " errors=" + io.go4j.race.Race.errors());
    }
}
