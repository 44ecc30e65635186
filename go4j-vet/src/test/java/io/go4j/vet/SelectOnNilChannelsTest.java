package io.go4j.vet;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class SelectOnNilChannelsTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(SelectOnNilChannels.class, getClass());

    @Test
    void aSelectWhoseCasesAreAllOnNilChannelsIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.Chan;",
                        "import io.go4j.Select;",
                        "class Test {",
                        "  void f() {",
                        "    Chan<Integer> a = Chan.nil();",
                        "    final Chan<String> b = Chan.nil();",
                        "    // BUG: Diagnostic contains: select with only nil channels blocks forever",
                        "    Select.select(Select.recv(a), Select.recv(b.recvOnly()));",
                        "    // BUG: Diagnostic contains: select with only nil channels blocks forever",
                        "    Select.choose(Select.send(Chan.<Integer>nil(), 1), Select.onRecv(a, v -> {}));",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void aLiveChannelADefaultCaseOrAReassignedChannelIsFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.Chan;",
                        "import io.go4j.Select;",
                        "class Test {",
                        "  void f(Chan<Integer> live, boolean done) {",
                        "    Chan<Integer> nil = Chan.nil();",
                        "    Select.select(Select.recv(nil), Select.recv(live));",
                        "    Select.select(Select.recv(nil), Select.defaultCase());",
                        "    Chan<Integer> c = Chan.nil();",
                        "    if (!done) c = live;",
                        "    Select.select(Select.recv(c));",
                        "  }",
                        "}")
                .doTest();
    }
}
