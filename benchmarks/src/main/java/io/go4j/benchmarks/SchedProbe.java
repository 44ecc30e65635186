package io.go4j.benchmarks;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.sched.GoScheduler;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * SchedProbe shows what go4j-sched does per operation of a hand-off scenario, round by round:
 * wall time, the process's CPU time, and the deltas of {@link GoScheduler#stats()} (hand-offs to
 * {@code runnext}, a carrier's own resubmissions, i.e. yields, steals, idle carriers woken), each
 * divided by the operations of the round. Where JMH gives one figure per iteration, this tells the
 * modes of a scenario apart (one carrier, or two carriers spinning and yielding) and what moves it
 * between them. Not a JMH benchmark; run it on go4j-sched, e.g.
 * {@code java -Dgo4j.scheduler=go --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar io.go4j.benchmarks.SchedProbe select 400000 20}.
 *
 * <p>Scenarios: {@code select} (one receiver selecting over two unbuffered channels, each fed by
 * its own producer: {@link SelectBenchmark}'s shape; an operation is a message) and
 * {@code pingpong} (two goroutines answering each other over two unbuffered channels: an
 * operation is a round trip). Each round starts its goroutines afresh from the main thread, as
 * the JMH benchmarks' batches do. Output, a line per round:
 * {@code select round=3 ns_per_op=506 cpu_ns_per_op=700 runnext=1.00 yields=0.01 stolen=0.010 wakeups=0.008}.
 */
public final class SchedProbe {

    private SchedProbe() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || !(args[0].equals("select") || args[0].equals("pingpong"))) {
            System.err.println("usage: SchedProbe select|pingpong [operations per round] [rounds]");
            System.exit(2);
        }
        String scenario = args[0];
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 400_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Go.go(() -> {}).join();   // the scheduler starts with the first goroutine
        if (GoScheduler.stats() == null) {
            System.err.println("SchedProbe: go4j-sched is not selected (-Dgo4j.scheduler=go)");
            System.exit(2);
        }
        for (int round = 0; round < rounds; round++) {
            GoScheduler.Stats before = GoScheduler.stats();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            if (scenario.equals("select")) {
                select(ops);
            } else {
                pingPong(ops);
            }
            long wall = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            GoScheduler.Stats after = GoScheduler.stats();
            System.out.printf(Locale.ROOT,
                    "%s round=%d ns_per_op=%.0f cpu_ns_per_op=%.0f runnext=%.2f yields=%.2f stolen=%.3f wakeups=%.3f%n",
                    scenario, round, (double) wall / ops, (double) cpu / ops,
                    per(after.runnextPuts() - before.runnextPuts(), ops), per(after.localPuts() - before.localPuts(), ops),
                    per(after.stolen() - before.stolen(), ops), per(after.wakeups() - before.wakeups(), ops));
        }
    }

    private static double per(long count, int ops) {
        return (double) count / ops;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void select(int messages) {
        Chan<Object> a = Chan.make();
        Chan<Object> b = Chan.make();
        Actors.runBatch(Pipes.GO4J,
                () -> sendAll(a, messages / 2),
                () -> sendAll(b, messages - messages / 2),
                () -> {
                    for (int i = 0; i < messages; i++) {
                        Select.select(Select.recv(a), Select.recv(b));
                    }
                });
    }

    private static void sendAll(Chan<Object> ch, int n) {
        for (int i = 0; i < n; i++) {
            ch.send(ActorBenchmark.MESSAGE);
        }
    }

    private static void pingPong(int roundTrips) {
        Chan<Object> ping = Chan.make();
        Chan<Object> pong = Chan.make();
        Actors.runBatch(Pipes.GO4J,
                () -> {
                    for (int i = 0; i < roundTrips; i++) {
                        ping.send(ActorBenchmark.MESSAGE);
                        pong.recv();
                    }
                },
                () -> {
                    for (int i = 0; i < roundTrips; i++) {
                        ping.recv();
                        pong.send(ActorBenchmark.MESSAGE);
                    }
                });
    }
}
