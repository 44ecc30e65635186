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
 * <p>The rule: an instance field whose declared type is {@code io.go4j.context.Context}, in a class
 * that is not a record and does not itself implement {@code Context} (a context wrapper must hold its
 * parent). Not reported: a field of a cancel-handle type ({@code CancelContext},
 * {@code CancelCauseContext}: Go code stores its {@code cancel} funcs in structs, and so does
 * {@code errgroup}); a record component (a record is Java's multiple return value, Go's
 * {@code (g, ctx)}); static fields, locals and collections of contexts.
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
        if (field == null || field.getKind() != ElementKind.FIELD || field.getModifiers().contains(Modifier.STATIC)
                || !Go4jApi.isType(field.asType(), Go4jApi.CONTEXT)) {
            return Description.NO_MATCH;
        }
        Tree owner = state.getPath().getParentPath().getLeaf();
        var context = state.getTypeFromString(Go4jApi.CONTEXT);
        if (!(owner instanceof ClassTree c) || c.getKind() == Tree.Kind.RECORD
                || ASTHelpers.isSubtype(ASTHelpers.getType(c), context, state)) {
            return Description.NO_MATCH;
        }
        return buildDescription(tree).setMessage(c.getSimpleName() + " contains a Context field ("
                + tree.getName() + "): a context belongs to one call, not to an object; pass it as the"
                + " first parameter of each method that needs it").build();
    }
}
