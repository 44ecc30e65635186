package io.go4j.vet;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class UnbalancedLockTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(UnbalancedLock.class, getClass());

    @Test
    void anUnlockSkippedWhenTheCodeBetweenThrowsIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  final Mutex mu = new Mutex();",
                        "  final RWMutex rw = new RWMutex();",
                        "  int n;",
                        "  void f() {",
                        "    // BUG: Diagnostic contains: mu is not unlocked if the code between lock() and unlock() throws",
                        "    mu.lock();",
                        "    work();",
                        "    mu.unlock();",
                        "  }",
                        "  int g(boolean quick) {",
                        "    // BUG: Diagnostic contains: use try { ... } finally { rw.rUnlock(); }",
                        "    rw.rLock();",
                        "    if (quick) return n;",
                        "    rw.rUnlock();",
                        "    return 0;",
                        "  }",
                        "  void work() {}",
                        "}")
                .doTest();
    }

    @Test
    void aLockInsideTheTryThatUnlocksItAndADoubleUnlockAreReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  final Mutex mu = new Mutex();",
                        "  void f() {",
                        "    try {",
                        "      work();",
                        "      // BUG: Diagnostic contains: (sync: unlock of unlocked mutex); lock before the try",
                        "      mu.lock();",
                        "    } finally {",
                        "      mu.unlock();",
                        "    }",
                        "  }",
                        "  void g() {",
                        "    mu.lock();",
                        "    try { work(); } finally { mu.unlock(); }",
                        "    // BUG: Diagnostic contains: mu is unlocked twice with no lock between",
                        "    mu.unlock();",
                        "  }",
                        "  void work() {}",
                        "}")
                .doTest();
    }

    @Test
    void anUnlockAfterATryLockOrSeveralReadUnlocksAreNotDoubleUnlocks() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(RWMutex rw) {",
                        "    rw.lock();",
                        "    rw.unlock();",
                        "    if (!rw.tryLock()) throw new AssertionError();",
                        "    rw.unlock();",
                        "    rw.tryRLock();",
                        "    rw.tryRLock();",
                        "    rw.rUnlock();",
                        "    rw.rUnlock();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void twoUnlocksOfAReadLockerAreTwoReadUnlocks() {
        // Go's TestRLocker (go4j-concurrency-tests' HammerRWMutexTest): a Locker may be an
        // RWMutex's read locker, whose unlocks release one read lock each; a Locker known to be a
        // Mutex is still reported.
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(RWMutex wl) {",
                        "    Locker rl = wl.rLocker();",
                        "    rl.unlock();",
                        "    rl.unlock();",
                        "  }",
                        "  void g(Mutex mu) {",
                        "    mu.unlock();",
                        "    // BUG: Diagnostic contains: mu is unlocked twice with no lock between",
                        "    mu.unlock();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void tryFinallyAndCodeThatCannotThrowAreFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  final Mutex mu = new Mutex();",
                        "  int n;",
                        "  void f() {",
                        "    mu.lock();",
                        "    try { work(); } finally { mu.unlock(); }",
                        "    mu.lock();",
                        "    n++;",
                        "    mu.unlock();",
                        "    mu.lock();",
                        "    mu.unlock();",
                        "  }",
                        "  void work() {}",
                        "}")
                .doTest();
    }

    @Test
    void aOneElementCounterArrayCannotThrowButAnotherIndexMay() {
        // Regression: go4j-core's sync package example counts hits[0]++ under a mutex (a lambda
        // cannot update a local int), which the check used to report.
        helper.addSourceLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Mutex mu, int i) {",
                        "    int[] hits = new int[1];",
                        "    mu.lock();",
                        "    hits[0]++;",
                        "    mu.unlock();",
                        "    // BUG: Diagnostic contains: mu is not unlocked if the code between lock() and unlock() throws",
                        "    mu.lock();",
                        "    hits[i]++;",
                        "    mu.unlock();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void theFixWrapsTheCriticalSectionInTryFinally() {
        BugCheckerRefactoringTestHelper.newInstance(UnbalancedLock.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Mutex mu) {",
                        "    mu.lock();",
                        "    work();",
                        "    mu.unlock();",
                        "  }",
                        "  void work() {}",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Mutex mu) {",
                        "    mu.lock();",
                        "    try {",
                        "      work();",
                        "    } finally {",
                        "      mu.unlock();",
                        "    }",
                        "  }",
                        "  void work() {}",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }

    @Test
    void theFixMovesALeadingLockBeforeTheTry() {
        BugCheckerRefactoringTestHelper.newInstance(UnbalancedLock.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Mutex mu) {",
                        "    try {",
                        "      mu.lock();",
                        "      work();",
                        "    } finally {",
                        "      mu.unlock();",
                        "    }",
                        "  }",
                        "  void work() {}",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.sync.*;",
                        "class Test {",
                        "  void f(Mutex mu) {",
                        "    mu.lock();",
                        "    try {",
                        "      work();",
                        "    } finally {",
                        "      mu.unlock();",
                        "    }",
                        "  }",
                        "  void work() {}",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
}
