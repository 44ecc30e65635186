package io.go4j.reliability.lincheck;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Scenarios builds Lincheck execution scenarios by hand: fixed ones that name a behaviour, and
 * random ones in which blocking operations are safe because the specification shows that no
 * order of their steps can hang ({@link DualVerifier#mayHang}). Lincheck's own generator cannot
 * be told that, so scenarios with blocking operations are passed to it as custom scenarios.
 */
final class Scenarios {
    private Scenarios() {}

    /** An operation the random generator may pick: a method name, a weight, and whether it takes a value. */
    record Op(String name, int weight, boolean takesValue) {
        static Op of(String name, int weight) {
            return new Op(name, weight, false);
        }

        static Op withValue(String name, int weight) {
            return new Op(name, weight, true);
        }
    }

    /** The shape of random scenarios: threads, operations per thread (at most), and the initial and final parts. */
    record Shape(int threads, int maxOpsPerThread, int maxInit, int maxPost) {}

    /** An actor calling {@code testClass}'s public method {@code name} with {@code args}. */
    static Actor actor(Class<?> testClass, String name, Object... args) {
        for (Method m : testClass.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args));
            }
        }
        throw new IllegalArgumentException(testClass.getSimpleName() + " has no method " + name + "/" + args.length);
    }

    /** A scenario with these initial, parallel and final parts. */
    static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> threads, List<Actor> post) {
        return new ExecutionScenario(init, threads, post, null);
    }

    /** A scenario as {@link #scenario}, checked not to hang in any order by the specification {@code model}. */
    static ExecutionScenario safe(Supplier<DualSpec<?>> model, List<Actor> init, List<List<Actor>> threads,
                                  List<Actor> post) {
        if (DualVerifier.mayHang(model, init, threads, post)) {
            throw new IllegalArgumentException("this scenario can hang: " + threads);
        }
        return scenario(init, threads, post);
    }

    /**
     * Returns {@code count} random scenarios of {@code shape} over {@code ops}, each of which cannot
     * hang by the specification {@code model}; {@code seed} tells apart the callers, the run's
     * {@link LincheckRun#SEED} the runs. Values sent are distinct within a scenario (1, 2,
     * 3, ...), so a lost, duplicated or reordered value changes some result.
     */
    static List<ExecutionScenario> random(Class<?> testClass, Supplier<DualSpec<?>> model, long seed, int count,
                                          Shape shape, List<Op> ops) {
        return random(testClass, model, seed, count, shape, ops, List.of());
    }

    /** As {@link #random(Class, Supplier, long, int, Shape, List)}, each initial part starting with {@code prefix}. */
    static List<ExecutionScenario> random(Class<?> testClass, Supplier<DualSpec<?>> model, long seed, int count,
                                          Shape shape, List<Op> ops, List<Actor> prefix) {
        Random rnd = new Random(LincheckRun.SEED * 1_000_003 + seed);
        int totalWeight = ops.stream().mapToInt(Op::weight).sum();
        List<ExecutionScenario> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < count) {
            if (++attempts > count * 1_000) {
                throw new IllegalStateException("too few scenarios that cannot hang: " + out.size() + " of " + count);
            }
            int[] nextValue = {1};
            List<Actor> init = new ArrayList<>(prefix);
            init.addAll(ops(testClass, rnd, rnd.nextInt(shape.maxInit() + 1), ops, totalWeight, nextValue));
            List<List<Actor>> threads = new ArrayList<>();
            for (int t = 0; t < shape.threads(); t++) {
                threads.add(ops(testClass, rnd, 1 + rnd.nextInt(shape.maxOpsPerThread()), ops, totalWeight, nextValue));
            }
            List<Actor> post = ops(testClass, rnd, rnd.nextInt(shape.maxPost() + 1), ops, totalWeight, nextValue);
            if (!DualVerifier.mayHang(model, init, threads, post)) {
                out.add(scenario(init, threads, post));
            }
        }
        return out;
    }

    private static List<Actor> ops(Class<?> testClass, Random rnd, int n, List<Op> ops, int totalWeight, int[] nextValue) {
        List<Actor> actors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = rnd.nextInt(totalWeight);
            Op op = null;
            for (Op o : ops) {
                w -= o.weight();
                if (w < 0) {
                    op = o;
                    break;
                }
            }
            actors.add(op.takesValue() ? actor(testClass, op.name(), nextValue[0]++) : actor(testClass, op.name()));
        }
        return actors;
    }
}
