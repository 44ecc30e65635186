package io.go4j.vet;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class TimeAfterInLoopTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(TimeAfterInLoop.class, getClass());

    @Test
    void timeAfterInAForSelectLoopIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "import io.go4j.time.Time;",
                        "import java.time.Duration;",
                        "import java.time.Instant;",
                        "class Test {",
                        "  void f(Chan<String> in) {",
                        "    while (true) {",
                        "      Select.select(",
                        "          Select.onRecv(in, s -> {}),",
                        "          // BUG: Diagnostic contains: create one Timer before the loop (Time.newTimer) and reset it",
                        "          Select.onRecv(Time.after(Duration.ofSeconds(1)), t -> {}));",
                        "    }",
                        "  }",
                        "  void g(Chan<String> in) {",
                        "    for (;;) {",
                        "      // BUG: Diagnostic contains: Time.after in a loop around a select",
                        "      RecvChan<Instant> timeout = Time.after(Duration.ofSeconds(1));",
                        "      if (Select.choose(Select.recv(in), Select.recv(timeout)).index() == 1) return;",
                        "    }",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aBoundedLoopAStraightSelectOrATimerReusedAreFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "import io.go4j.time.*;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  void f(Chan<String> in) {",
                        "    for (int attempt = 0; attempt < 3; attempt++) {",
                        "      Select.select(Select.recv(in), Select.recv(Time.after(Duration.ofSeconds(1))));",
                        "    }",
                        "    Select.select(Select.recv(in), Select.recv(Time.after(Duration.ofSeconds(1))));",
                        "    Timer t = Time.newTimer(Duration.ofSeconds(1));",
                        "    while (true) {",
                        "      t.reset(Duration.ofSeconds(1));",
                        "      Select.select(Select.recv(in), Select.recv(t.c()));",
                        "    }",
                        "  }",
                        "}")
                .doTest();
    }
}
