package io.go4j.vet;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CondAwaitOutsideLoopTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(CondAwaitOutsideLoop.class, getClass());

    @Test
    void anAwaitGuardedByAnIfIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  final Mutex mu = new Mutex();",
                        "  final Cond c = new Cond(mu);",
                        "  boolean ready;",
                        "  void f() {",
                        "    mu.lock();",
                        "    try {",
                        "      // BUG: Diagnostic contains: Cond.await outside a loop: because c's locker is not held",
                        "      if (!ready) c.await();",
                        "    } finally { mu.unlock(); }",
                        "  }",
                        "  void g() {",
                        "    // BUG: Diagnostic contains: while (!condition) c.await();",
                        "    c.await();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void anAwaitInAnyLoopIsFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  final Mutex mu = new Mutex();",
                        "  final Cond c = new Cond(mu);",
                        "  boolean ready;",
                        "  void f() {",
                        "    while (!ready) { c.await(); }",
                        "    do { c.await(); } while (!ready);",
                        "    for (;;) { if (ready) break; c.await(); }",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aLoopOutsideTheLambdaDoesNotCount() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Cond c) {",
                        "    while (true) {",
                        "      // BUG: Diagnostic contains: Cond.await outside a loop",
                        "      Runnable r = () -> c.await();",
                        "      r.run();",
                        "    }",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void theFixTurnsTheGuardingIfIntoAWhile() {
        BugCheckerRefactoringTestHelper.newInstance(CondAwaitOutsideLoop.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  boolean ready;",
                        "  void f(Cond c) {",
                        "    if (!ready) {",
                        "      c.await();",
                        "    }",
                        "  }",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  boolean ready;",
                        "  void f(Cond c) {",
                        "    while (!ready) {",
                        "      c.await();",
                        "    }",
                        "  }",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
}
