package io.go4j.vet;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class ContainedContextTest {

    private final CompilationTestHelper helper =
            CompilationTestHelper.newInstance(ContainedContext.class, getClass());

    @Test
    void aContextInAnInstanceFieldOrARecordIsReported() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.*;",
                        "class Test {",
                        "  // BUG: Diagnostic contains: Test contains a Context field (ctx)",
                        "  private final Context ctx;",
                        "  // BUG: Diagnostic contains: pass it as the first parameter of each method that needs it",
                        "  CancelContext cancel;",
                        "  Test(Context ctx) { this.ctx = ctx; }",
                        "  // BUG: Diagnostic contains: Request contains a Context field (ctx)",
                        "  record Request(Context ctx, String path) {}",
                        "}")
                .doTest();
    }

    @Test
    void staticFieldsLocalsParametersAndContextWrappersAreFine() {
        helper.addSourceLines("Test.java",
                        "import io.go4j.context.Context;",
                        "import java.util.List;",
                        "class Test {",
                        "  static final Context ROOT = Context.background();",
                        "  List<Context> history;",
                        "  void f(Context ctx) {",
                        "    Context child = Context.withValue(ctx, \"k\", \"v\");",
                        "  }",
                        "}")
                .doTest();
    }
}
