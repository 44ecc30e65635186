package io.go4j.test.internal;

import io.go4j.test.RaceReports;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Races hands the races that race detectors ({@link RaceReports} providers) report to the tests
 * they happened in. go4j-test is the providers' only reader: each check drains every provider,
 * keeps the races of other open scopes for them, and takes its own.
 *
 * <p>A race belongs to the scope its goroutine's label names (see {@link Scopes}). A race whose
 * goroutine belongs to no open scope (no label: started outside any test; or its test has ended)
 * is given to the first scope that checks, with a note saying so: Go's {@code go test -race}
 * fails the test that is running when a race is found, and a race must never go unreported.
 */
public final class Races {
    private static final List<RaceReports> PROVIDERS = load();
    private static final List<RaceReports.Race> PENDING = new ArrayList<>();   // guarded by PENDING

    private Races() {}

    /**
     * Returns whether any race detector is present.
     *
     * @return true if a provider was found
     */
    public static boolean present() {
        return !PROVIDERS.isEmpty();
    }

    /**
     * Returns the reports of the races that belong to scope {@code scopeId}, and of those that
     * belong to no open scope, and forgets them.
     *
     * @param scopeId the checking scope's JUnit unique id
     * @return the reports, each a race detector's text (with a note if it is not the scope's own)
     */
    public static List<String> takeFor(String scopeId) {
        if (PROVIDERS.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        synchronized (PENDING) {
            for (RaceReports p : PROVIDERS) {
                PENDING.addAll(p.drain());
            }
            PENDING.removeIf(race -> {
                String label = race.labels().get(Scopes.LABEL);
                if (Scopes.belongs(label, scopeId)) {
                    out.add(race.report());
                    return true;
                }
                if (label == null || Scopes.nearestOpen(label) == null) {
                    out.add(race.report() + "\n(detected in a goroutine "
                            + (label == null ? "that no test started" : "of " + label + ", which had ended") + ")");
                    return true;
                }
                return false;   // another open scope's: it takes it when it checks
            });
        }
        return out;
    }

    private static List<RaceReports> load() {
        List<RaceReports> out = new ArrayList<>();
        for (RaceReports r : ServiceLoader.load(RaceReports.class, RaceReports.class.getClassLoader())) {
            out.add(r);
        }
        return List.copyOf(out);
    }
}
