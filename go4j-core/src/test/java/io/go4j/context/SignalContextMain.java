package io.go4j.context;

import java.time.Duration;

/**
 * SignalContextMain is the child process of SignalContextTest: it waits for its SignalContext
 * to be cancelled by a signal, then reports and finishes its registered work. With the argument
 * {@code stuck} it never finishes the work, so the grace period must end the shutdown.
 */
public final class SignalContextMain {
    private SignalContextMain() {}

    public static void main(String[] args) throws Exception {
        boolean stuck = args.length > 0 && args[0].equals("stuck");
        SignalContext ctx = SignalContext.notifyContext(Context.background(), Duration.ofMillis(stuck ? 300 : 10_000));
        SignalContext.Work work = ctx.startWork();
        System.out.println("ready");
        ctx.done().recv();
        System.out.println("draining: " + ctx.err().getMessage() + " (" + Context.cause(ctx).getMessage() + ")");
        if (stuck) {
            Thread.sleep(Long.MAX_VALUE);   // the grace period must end the shutdown anyway
        }
        System.out.println("work finished");
        work.close();
        Thread.sleep(Long.MAX_VALUE);       // the JVM halts once the shutdown hook returns
    }
}
