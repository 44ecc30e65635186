package io.go4j.vet;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class LostCancelTest {

    private final CompilationTestHelper helper = CompilationTestHelper.newInstance(LostCancel.class, getClass());

    @Test
    void aContextNeverCancelledIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.Context;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  void f(Context parent) {",
                        "    // BUG: Diagnostic contains: ctx is not cancelled on all paths (possible context leak)",
                        "    var ctx = Context.withTimeout(parent, Duration.ofSeconds(1));",
                        "    work(ctx);",
                        "  }",
                        "  void work(Context ctx) {}",
                        "}")
                .doTest();
    }

    @Test
    void anEarlyReturnBeforeTheCancelIsReportedWithItsLine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "class Test {",
                        "  int f(Context parent, boolean quick) {",
                        "    // BUG: Diagnostic contains: the return statement on line 6 may be reached",
                        "    CancelContext ctx = Context.withCancel(parent);",
                        "    if (quick) { return 0; }",
                        "    ctx.cancel();",
                        "    return 1;",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aThrowBeforeTheCancelIsReportedButOneInsideTheTryWithTheCancelIsNot() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "class Test {",
                        "  void f(Context parent, boolean bad) {",
                        "    // BUG: Diagnostic contains: the throw statement on line 5 may be reached without cancelling it",
                        "    var ctx = Context.withCancel(parent); if (bad) throw new IllegalStateException();",
                        "    ctx.cancel();",
                        "  }",
                        "  void g(Context parent, boolean bad) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    try {",
                        "      if (bad) throw new IllegalStateException();",
                        "    } finally {",
                        "      ctx.cancel();",
                        "    }",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aStopOrCancelWhoseValueIsUsedClosesUnlessItMayBeSkipped() {
        // Regression: go4j-core's TimerTest and TimerStressTest stop their timers inside assertTrue
        // and into a variable, which the check used to report.
        helper.addSourceLines("Test.java",
                        "import io.go4j.time.*;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  static void check(boolean b) {}",
                        "  void asserted() {",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    check(t.stop());",
                        "  }",
                        "  boolean kept() {",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    boolean stopped = t.stop();",
                        "    return stopped;",
                        "  }",
                        "  void shortCircuited(boolean quick) {",
                        "    // BUG: Diagnostic contains: t is not cancelled on all paths",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    check(quick || t.stop());",
                        "  }",
                        "  void maybe(boolean quick) {",
                        "    // BUG: Diagnostic contains: t is not cancelled on all paths",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    boolean b = quick ? false : t.stop();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aTickerNeverStoppedIsReportedAsATimerLeak() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.time.*;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  void f() {",
                        "    // BUG: Diagnostic contains: (possible timer leak)",
                        "    Ticker t = Time.newTicker(Duration.ofSeconds(1));",
                        "    t.c().recv();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aTimerWhoseTickIsReceivedHoldsNothingButATickerStillTicks() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.time.*;",
                        "import java.time.Duration;",
                        "import java.time.Instant;",
                        "class Test {",
                        "  Instant fired() {",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    Instant at = t.c().recv();",
                        "    return at;",
                        "  }",
                        "  Instant ticking() {",
                        "    // BUG: Diagnostic contains: tk is not cancelled on all paths (possible timer leak)",
                        "    Ticker tk = Time.newTicker(Duration.ofSeconds(1));",
                        "    Instant at = tk.c().recv();",
                        "    return at;",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aDiscardedHandleIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.Context;",
                        "class Test {",
                        "  void f(Context parent) {",
                        "    // BUG: Diagnostic contains: the handle returned by withCancel should be cancelled, not discarded",
                        "    Context.withCancel(parent);",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void tryWithResourcesFinallyAndCancelOnEveryPathAreFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "import io.go4j.time.*;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  void resources(Context parent) {",
                        "    try (var ctx = Context.withCancel(parent)) { work(ctx); }",
                        "  }",
                        "  int inFinally(Context parent, boolean quick) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    try {",
                        "      if (quick) { return 0; }",
                        "      work(ctx);",
                        "      return 1;",
                        "    } finally {",
                        "      ctx.cancel();",
                        "    }",
                        "  }",
                        "  int beforeEachReturn(Context parent, boolean quick) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    if (quick) { ctx.cancel(); return 0; }",
                        "    work(ctx);",
                        "    ctx.cancel();",
                        "    return 1;",
                        "  }",
                        "  void bothBranches(boolean a) {",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    if (a) { t.stop(); } else { t.close(); }",
                        "  }",
                        "  void work(Context ctx) {}",
                        "}")
                .doTest();
    }

    @Test
    void aHandleThatEscapesIsNotReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "import io.go4j.time.Time;",
                        "import java.time.Duration;",
                        "import java.util.List;",
                        "class Test {",
                        "  CancelContext field;",
                        "  CancelContext returned(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    return ctx;",
                        "  }",
                        "  void stored(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    field = ctx;",
                        "  }",
                        "  void handedToACallback(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    Time.afterFunc(Duration.ofSeconds(1), ctx::cancel);",
                        "  }",
                        "  void cancelledByAGoroutine(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    io.go4j.Go.go(() -> { work(ctx); ctx.cancel(); });",
                        "  }",
                        "  void passedToAnOwner(Context parent, List<CancelContext> owner) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    owner.add(ctx);",
                        "  }",
                        "  void work(Context ctx) {}",
                        "}")
                .doTest();
    }

    @Test
    void theFixWrapsTheRestOfTheBlockInTryWithResources() {
        BugCheckerRefactoringTestHelper.newInstance(LostCancel.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.context.Context;",
                        "class Test {",
                        "  void f(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    work(ctx);",
                        "  }",
                        "  void work(Context ctx) {}",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.context.Context;",
                        "class Test {",
                        "  void f(Context parent) {",
                        "    var ctx = Context.withCancel(parent);",
                        "    try (ctx) {",
                        "      work(ctx);",
                        "    }",
                        "  }",
                        "  void work(Context ctx) {}",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
}
