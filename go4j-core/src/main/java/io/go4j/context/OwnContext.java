package io.go4j.context;

/**
 * An OwnContext is one of go4j's own {@link Context} implementations: the contexts whose
 * structure the tree walks ({@link Tree}) know, so that they attach children, look up values and
 * causes without calling the interface methods. Every other Context is foreign (a user's
 * implementation): a child of a foreign context needs a goroutine that watches it.
 *
 * <p>The interface is sealed so that each walk is an exhaustive switch over the permitted
 * classes: a new implementation that a walk does not handle is a compile error, not a silent
 * fall-back to the foreign path and its goroutine per child.
 */
sealed interface OwnContext extends Context
        permits CancelCtx, EmptyCtx, SignalContext, ValueCtx, WithoutCancelCtx {
}
