package io.go4j.vet;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class ContainedContextTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(ContainedContext.class, getClass());

    @Test
    void aContextInAnInstanceFieldIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "class Test {",
                        "  // BUG: Diagnostic contains: Test contains a Context field (ctx)",
                        "  private final Context ctx;",
                        "  Test(Context ctx) { this.ctx = ctx; }",
                        "  class Inner {",
                        "    // BUG: Diagnostic contains: pass it as the first parameter of each method that needs it",
                        "    Context saved;",
                        "  }",
                        "}")
                .doTest();
    }

    @Test
    void cancelHandlesRecordsStaticFieldsLocalsAndContextWrappersAreFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "import java.util.List;",
                        "class Test {",
                        "  static final Context ROOT = Context.background();",
                        "  List<Context> history;",
                        "  CancelContext cancel;",
                        "  record WithContext(Object group, Context ctx) {}",
                        "  abstract static class Wrapper implements Context {",
                        "    Context parent;",
                        "  }",
                        "  void f(Context ctx) {",
                        "    Context child = Context.withValue(ctx, \"k\", \"v\");",
                        "  }",
                        "}")
                .doTest();
    }
}
