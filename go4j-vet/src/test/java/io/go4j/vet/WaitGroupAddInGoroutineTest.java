package io.go4j.vet;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class WaitGroupAddInGoroutineTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(WaitGroupAddInGoroutine.class, getClass());

    @Test
    void anAddInsideTheGoroutineItCountsIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.Go;",
                        "import io.go4j.sync.WaitGroup;",
                        "class Test {",
                        "  void f(WaitGroup wg) {",
                        "    Go.go(() -> {",
                        "      // BUG: Diagnostic contains: WaitGroup.add called from inside new goroutine",
                        "      wg.add(1);",
                        "      try { work(); } finally { wg.done(); }",
                        "    });",
                        "    wg.await();",
                        "  }",
                        "  void g(WaitGroup wg) {",
                        "    Go.go(\"named\", () -> {",
                        "      // BUG: Diagnostic contains: call wg.add before Go.go, or start the goroutine with wg.go(...)",
                        "      wg.add(1);",
                        "      wg.done();",
                        "    });",
                        "  }",
                        "  static void work() {}",
                        "}")
                .doTest();
    }

    @Test
    void anAddBeforeGoOrInANestedCallbackIsFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.Go;",
                        "import io.go4j.sync.WaitGroup;",
                        "class Test {",
                        "  void f(WaitGroup wg, WaitGroup inner) {",
                        "    wg.add(1);",
                        "    Go.go(() -> {",
                        "      try {",
                        "        Runnable later = () -> inner.add(1);",
                        "        later.run();",
                        "      } finally { wg.done(); }",
                        "    });",
                        "    wg.go(() -> {});",
                        "    wg.await();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void theFixMovesTheAddBeforeTheGoroutineStarts() {
        BugCheckerRefactoringTestHelper.newInstance(WaitGroupAddInGoroutine.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.Go;",
                        "import io.go4j.sync.WaitGroup;",
                        "class Test {",
                        "  void f(WaitGroup wg) {",
                        "    Go.go(() -> {",
                        "      wg.add(1);",
                        "      wg.done();",
                        "    });",
                        "  }",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.Go;",
                        "import io.go4j.sync.WaitGroup;",
                        "class Test {",
                        "  void f(WaitGroup wg) {",
                        "    wg.add(1);",
                        "    Go.go(() -> {",
                        "      wg.done();",
                        "    });",
                        "  }",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
}
