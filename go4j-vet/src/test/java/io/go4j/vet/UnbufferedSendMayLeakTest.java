package io.go4j.vet;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class UnbufferedSendMayLeakTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(UnbufferedSendMayLeak.class, getClass());

    @Test
    void aResultSentOnAnUnbufferedChannelThatASelectMayAbandonIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "import io.go4j.context.Context;",
                        "import io.go4j.time.Time;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  String f() {",
                        "    Chan<String> result = Chan.make();",
                        "    // BUG: Diagnostic contains: this goroutine may block forever on result.send: result is unbuffered and the select on line 10",
                        "    Go.go(() -> result.send(fetch()));",
                        "    return Select.select(",
                        "        Select.recv(result),",
                        "        Select.recv(Time.after(Duration.ofSeconds(1)), t -> \"timeout\"));",
                        "  }",
                        "  String g(Context ctx) {",
                        "    Chan<String> result = Chan.make(0);",
                        "    Go.go(() -> {",
                        "      String s = fetch();",
                        "      // BUG: Diagnostic contains: make result buffered (Chan.make(1))",
                        "      result.send(s);",
                        "    });",
                        "    return Select.select(Select.recv(result), Select.recv(ctx.done(), d -> \"cancelled\"));",
                        "  }",
                        "  static String fetch() { return \"x\"; }",
                        "}")
                .doTest();
    }

    @Test
    void aBufferedChannelAPlainReceiveOrAChannelThatEscapesIsFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "import io.go4j.time.Time;",
                        "import java.time.Duration;",
                        "class Test {",
                        "  String buffered() {",
                        "    Chan<String> result = Chan.make(1);",
                        "    Go.go(() -> result.send(fetch()));",
                        "    return Select.select(Select.recv(result), Select.recv(Time.after(Duration.ofSeconds(1)), t -> \"\"));",
                        "  }",
                        "  String received() {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(fetch()));",
                        "    return result.recv();",
                        "  }",
                        "  String escapes() {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(fetch()));",
                        "    drain(result);",
                        "    return Select.select(Select.recv(result), Select.recv(Time.after(Duration.ofSeconds(1)), t -> \"\"));",
                        "  }",
                        "  static void drain(Chan<String> c) {}",
                        "  static String fetch() { return \"x\"; }",
                        "}")
                .doTest();
    }

    @Test
    void theFixGivesTheChannelCapacityOne() {
        BugCheckerRefactoringTestHelper.newInstance(UnbufferedSendMayLeak.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  Object f(Chan<String> quit) {",
                        "    Chan<String> result = Chan.<String>make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    return Select.select(Select.recv(result), Select.recv(quit));",
                        "  }",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  Object f(Chan<String> quit) {",
                        "    Chan<String> result = Chan.<String>make(1);",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    return Select.select(Select.recv(result), Select.recv(quit));",
                        "  }",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    }
}
