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
    void anEarlyReturnBetweenTheGoroutineAndTheReceiveIsReportedWithItsLine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String f(boolean cached) {",
                        "    Chan<String> result = Chan.make();",
                        "    // BUG: Diagnostic contains: result is unbuffered and the return statement on line 7 leaves before the method receives from result, after which nobody receives; make result buffered (Chan.make(1))",
                        "    Go.go(() -> result.send(fetch()));",
                        "    if (cached) { return \"cached\"; }",
                        "    return result.recv();",
                        "  }",
                        "  String g(boolean cached) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> {",
                        "      // BUG: Diagnostic contains: the return statement on line 16 leaves before the method receives",
                        "      result.send(fetch());",
                        "    });",
                        "    if (cached) return \"cached\";",
                        "    var r = result.recvOk();",
                        "    return r.ok() ? r.value() : \"\";",
                        "  }",
                        "  static String fetch() { return \"x\"; }",
                        "}")
                .doTest();
    }

    @Test
    void aThrowBeforeTheReceiveIsReportedButOneThatATryMayCatchIsNot() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String f(String url) {",
                        "    Chan<String> result = Chan.make(0);",
                        "    // BUG: Diagnostic contains: the throw statement on line 7 leaves before the method receives from result",
                        "    Go.go(() -> result.send(url));",
                        "    if (url.isEmpty()) throw new IllegalArgumentException(\"no url\");",
                        "    return result.recv();",
                        "  }",
                        "  String caught(String url) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(url));",
                        "    String note = \"\";",
                        "    try {",
                        "      if (url.isEmpty()) throw new IllegalArgumentException(\"no url\");",
                        "    } catch (IllegalArgumentException e) {",
                        "      note = \" (no url)\";",
                        "    }",
                        "    return result.recv() + note;",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void anExitAfterTheReceiveOrInsideATryWhoseFinallyReceivesIsFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String after(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    String s = result.recv();",
                        "    if (b) return \"early\";",
                        "    return s;",
                        "  }",
                        "  String inTheReceivingStatement(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (b) { return result.recv(); } else { return result.recv() + \"!\"; }",
                        "  }",
                        "  String finallyReceives(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    String s = \"\";",
                        "    try {",
                        "      Go.go(() -> result.send(\"x\"));",
                        "      if (b) return \"early\";",
                        "      s = \"late\";",
                        "    } finally {",
                        "      s += result.recv();",
                        "    }",
                        "    return s;",
                        "  }",
                        "  String exitInALambda(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    Runnable r = () -> { if (b) return; };",
                        "    r.run();",
                        "    return result.recv();",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void anEarlyExitIsFineWhenTheChannelIsBufferedEscapesOrIsReceivedByAnotherGoroutine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String buffered(boolean b) {",
                        "    Chan<String> result = Chan.make(1);",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (b) return \"early\";",
                        "    return result.recv();",
                        "  }",
                        "  String passed(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (b) { drain(result); return \"early\"; }",
                        "    return result.recv();",
                        "  }",
                        "  String stored(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    pending = result;",
                        "    if (b) return \"early\";",
                        "    return result.recv();",
                        "  }",
                        "  String otherReceiver(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (b) { Go.go(() -> result.recv()); return \"early\"; }",
                        "    return result.recv();",
                        "  }",
                        "  String closed(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (b) { result.close(); return \"early\"; }",
                        "    return result.recv();",
                        "  }",
                        "  String threadKept(boolean b) {",
                        "    Chan<String> result = Chan.make();",
                        "    Thread t = Go.go(() -> result.send(\"x\"));",
                        "    if (b) { t.interrupt(); return \"early\"; }",
                        "    return result.recv();",
                        "  }",
                        "  Chan<String> pending;",
                        "  static void drain(Chan<String> c) {}",
                        "}")
                .doTest();
    }

    @Test
    void theFixAlsoGivesAChannelLeftByAnEarlyReturnCapacityOne() {
        BugCheckerRefactoringTestHelper.newInstance(UnbufferedSendMayLeak.class, getClass())
                .addInputLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String f(boolean cached) {",
                        "    Chan<String> result = Chan.make();",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (cached) return \"cached\";",
                        "    return result.recv();",
                        "  }",
                        "}")
                .addOutputLines("Test.java",
                        "import io.go4j.*;",
                        "class Test {",
                        "  String f(boolean cached) {",
                        "    Chan<String> result = Chan.make(1);",
                        "    Go.go(() -> result.send(\"x\"));",
                        "    if (cached) return \"cached\";",
                        "    return result.recv();",
                        "  }",
                        "}")
                .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
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
