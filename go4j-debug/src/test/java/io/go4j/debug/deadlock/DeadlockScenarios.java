package io.go4j.debug.deadlock;

import static io.go4j.Go.go;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.context.SignalContext;
import io.go4j.debug.Deadlocks;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.deadlock.DeadlockWatcher;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import io.go4j.time.Timer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * DeadlockScenarios is the child JVM's main class of the deadlock tests: {@code args[0]} names a
 * program shape, {@code args[1]} how the watcher is set up ({@code stub}: exit mode with a dump
 * that lists each goroutine's id and status, {@code report}: the same in report mode,
 * {@code defaults}: {@link Deadlocks#start} with Go's behaviour and the real dump), and
 * {@code args[2]}, where needed, a port of the parent's. It prints the ids the test needs
 * ({@code main=}, {@code rescuer=}) on standard output.
 *
 * <p>The "survives" shapes block main until something go4j cannot count as asleep rescues it
 * after {@link #WINDOW} (a busy goroutine, a timer, I/O, a platform thread...); they end with
 * {@code survived} and the watcher's reasons for not reporting, one {@code reason: } line each.
 * The "deadlock" shapes block for ever; the watcher ends them with status 2. On SIGTERM the
 * reasons are printed too (a shutdown hook), so a test can ask a child that is still blocked.
 */
public final class DeadlockScenarios {
    /** How long a rescue takes: about twenty looks of the watcher at {@link #INTERVAL}. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** The watcher's interval in the child. */
    static final Duration INTERVAL = Duration.ofMillis(50);

    /** The dump the tests read: one line per goroutine or adopted thread, with its status. */
    static final Function<Snapshot, String> STUB_DUMP = s -> {
        StringBuilder b = new StringBuilder();
        for (Snapshot.Entry e : s.goroutines()) {
            if (e.kind() != Snapshot.Kind.OTHER) {
                b.append("goroutine ").append(e.id()).append(" [").append(e.status()).append("]\n");
            }
        }
        return b.toString();
    };

    private DeadlockScenarios() {}

    /**
     * Runs one scenario.
     *
     * @param args scenario, watcher set-up, optional port
     * @throws Exception whatever the scenario throws
     */
    public static void main(String[] args) throws Exception {
        DeadlockWatcher stub = null;
        switch (args[1]) {
            case "stub", "report" -> {
                stub = new DeadlockWatcher(args[1].equals("stub"), INTERVAL.toNanos(), System.err, STUB_DUMP, false);
                stub.start();
                DeadlockWatcher w = stub;
                // SIGTERM from the parent: say why the watcher held back so far, then end.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> printReasons(w)));
            }
            case "defaults" -> Deadlocks.start(Deadlocks.Options.defaults().withInterval(INTERVAL));
            default -> throw new IllegalArgumentException("unknown watcher set-up " + args[1]);
        }
        System.out.println("main=" + Thread.currentThread().threadId());
        System.out.flush();
        run(args[0], args.length > 2 ? Integer.parseInt(args[2]) : 0);
        System.out.println("survived");
        if (stub != null) {
            stub.close();
            printReasons(stub);
        }
    }

    private static final AtomicBoolean PRINTED = new AtomicBoolean();

    private static void printReasons(DeadlockWatcher w) {
        if (PRINTED.compareAndSet(false, true)) {
            for (String r : w.reasonsNotReported()) {
                System.out.println("reason: " + r);
            }
            System.out.flush();
        }
    }

    // CondAwaitOutsideLoop: "every-primitive" parks a goroutine in each primitive for good, a single
    // Cond.await among them (nothing signals it): the deadlock report is what the scenario checks.
    @SuppressWarnings("CondAwaitOutsideLoop")
    private static void run(String scenario, int port) throws Exception {
        Chan<Integer> c = Chan.make();
        switch (scenario) {
            // ---- survives: something go4j does not count as asleep rescues main
            case "busy" -> {
                rescuer(go(() -> {
                    long end = System.nanoTime() + WINDOW.toNanos();
                    long x = 0;
                    while (System.nanoTime() - end < 0) {
                        x += x * 31 + 7;   // work the JIT cannot remove: x is sent below
                    }
                    c.send((int) x);
                }));
                c.recv();
            }
            case "sleep" -> {
                rescuer(go(() -> {
                    Time.sleep(WINDOW);
                    c.send(1);
                }));
                c.recv();
            }
            case "timer" -> {
                Timer t = Time.newTimer(WINDOW);
                t.c().recv();
            }
            case "timeout-select" -> {
                try (CancelContext ctx = Context.withTimeout(Context.background(), WINDOW)) {
                    Select.choose(Select.recv(ctx.done()), Select.recv(c));
                }
            }
            case "socket-read" -> {
                rescuer(go(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        c.send(s.getInputStream().read());   // the parent writes after WINDOW
                    }
                }));
                c.recv();
            }
            case "process-pipe" -> {
                rescuer(go(() -> {
                    Process p = new ProcessBuilder("sh", "-c", "sleep 1; echo rescued").start();
                    try (InputStream in = p.getInputStream()) {
                        c.send(in.read());
                    }
                }));
                c.recv();
            }
            case "platform-thread" -> {
                rescuer(Thread.ofPlatform().daemon().name("rescuer").start(() -> {
                    sleep(WINDOW);
                    c.send(1);
                }));
                c.recv();
            }
            case "plain-virtual-thread" -> {
                rescuer(Thread.ofVirtual().name("hidden-rescuer").start(() -> {
                    sleep(WINDOW);
                    c.send(1);
                }));
                c.recv();
            }
            case "signal-context" -> {
                SignalContext ctx = SignalContext.notifyContext(Context.background(), Duration.ofSeconds(10));
                try (SignalContext.Work work = ctx.startWork()) {
                    System.out.println("ready");
                    System.out.flush();
                    ctx.done().recv();   // the parent sends SIGTERM after WINDOW
                    System.out.println("cancelled: " + ctx.err().getMessage());
                    System.out.flush();
                }
            }
            // ---- deadlocks: main and every goroutine blocked for ever
            case "chan" -> c.recv();
            case "mutex" -> {
                Mutex mu = new Mutex();
                mu.lock();
                mu.lock();
            }
            case "wait-group" -> {
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                go(wg::done).join();   // one done is missing
                wg.await();
            }
            case "select" -> {
                Chan<Integer> c2 = Chan.make();
                Chan<Integer> c3 = Chan.make();
                print("sender", go(() -> c.send(1)));
                Select.choose(Select.recv(c2), Select.recv(c3));
            }
            case "every-primitive" -> {
                Mutex mu = new Mutex();
                mu.lock();
                print("mutex", go(mu::lock));
                RWMutex rw = new RWMutex();
                rw.lock();
                print("rlock", go(rw::rLock));
                Mutex condLock = new Mutex();
                Cond cond = new Cond(condLock);
                print("cond", go(() -> {
                    condLock.lock();
                    cond.await();
                }));
                print("noCases", go(() -> {
                    Select.choose();
                }));
                print("nilChan", go(() -> {
                    Chan.<Integer>nil().recv();
                }));
                Chan<Integer> full = Chan.make(1);
                full.send(1);
                print("fullChan", go(() -> full.send(2)));
                c.recv();
            }
            case "timers-gone" -> {
                Time.sleep(Duration.ofMillis(300));               // a sleep that ended
                Timer t = Time.newTimer(Duration.ofHours(1));
                t.stop();                                          // a timer stopped
                CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1));
                ctx.cancel();   // a context whose timer was stopped by its cancel
                c.recv();
            }
            case "after-socket-io" -> {
                try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    go(() -> {
                        try (Socket s = ss.accept(); OutputStream o = s.getOutputStream()) {
                            o.write(7);
                        }
                    });
                    Chan<Integer> got = Chan.make();
                    go(() -> {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                            got.send(s.getInputStream().read());   // virtual-thread I/O: the JDK's pollers start
                        }
                    });
                    System.out.println("read " + got.recv());
                }
                c.recv();
            }
            case "signal-context-cancelled" -> {
                SignalContext ctx = SignalContext.notifyContext(Context.background());
                ctx.cancel();
                ctx.cancel();   // a second cancel must not count the context out twice
                c.recv();
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private static void rescuer(Thread t) {
        print("rescuer", t);
    }

    private static void print(String what, Thread t) {
        System.out.println(what + "=" + t.threadId());
        System.out.flush();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
