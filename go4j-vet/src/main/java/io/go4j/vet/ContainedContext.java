package io.go4j.vet;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.LinkType;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.VariableTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * ContainedContext reports a {@code Context} stored in a field: the {@code containedctx} linter of
 * golangci-lint, after the {@code context} package's advice "Do not store Contexts inside a struct
 * type; instead, pass a Context explicitly to each function that needs it".
 *
 * <p>The rule: an instance field or record component whose declared type is
 * {@code io.go4j.context.Context} or a subtype ({@code CancelContext}...), in a class that does not
 * itself implement {@code Context} (a context wrapper must hold its parent). Static fields, locals
 * and collections of contexts are not reported.
 */
@BugPattern(
        summary = "a Context stored in a field: pass it to each method that needs it instead",
        severity = WARNING,
        linkType = LinkType.CUSTOM,
        link = "https://github.com/go4j/go4j/tree/main/go4j-vet#containedcontext",
        documentSuppression = false)
public final class ContainedContext extends BugChecker implements VariableTreeMatcher {

    /** Creates the check (Error Prone finds it through the service loader). */
    public ContainedContext() {}

    /** Reports an instance field of a Context type. */
    @Override
    public Description matchVariable(VariableTree tree, VisitorState state) {
        Element field = ASTHelpers.getSymbol(tree);
        if (field == null || field.getKind() != ElementKind.FIELD || field.getModifiers().contains(Modifier.STATIC)) {
            return Description.NO_MATCH;
        }
        var context = state.getTypeFromString(Go4jApi.CONTEXT);
        if (context == null || !ASTHelpers.isSubtype(ASTHelpers.getType(tree), context, state)) {
            return Description.NO_MATCH;
        }
        Tree owner = state.getPath().getParentPath().getLeaf();
        if (owner instanceof ClassTree c && ASTHelpers.isSubtype(ASTHelpers.getType(c), context, state)) {
            return Description.NO_MATCH;
        }
        String type = owner instanceof ClassTree c ? c.getSimpleName().toString() : "this class";
        return buildDescription(tree).setMessage(type + " contains a Context field ("
                + tree.getName() + "): a context belongs to one call, not to an object; pass it as the"
                + " first parameter of each method that needs it").build();
    }
}
