/**
 * Goroutines, channels and select: Go's concurrency core for Java.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<String> greetings = Chan.make();
 * go(() -> greetings.send("hello from a goroutine"));
 * System.out.println(greetings.recv());   // hello from a goroutine
 * }</pre>
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>A <em>goroutine</em> is a virtual thread started by {@link io.go4j.Go#go(Runnable)};
 *       its id is the thread's {@link Thread#threadId()}.</li>
 *   <li>A <em>nil channel</em> is {@link io.go4j.Chan#nil()}: sends and receives on it block
 *       forever, and a select case on it (or on a {@code null} reference) is never ready.</li>
 *   <li><em>Happens-before</em> has the meaning of the Java Language Specification, chapter 17.
 *       Every synchronising type states its contract in one sentence of the form "A ... happens-before
 *       ...", mirroring the Go memory model (go.dev/ref/mem). For channels: a send happens-before
 *       the completion of the corresponding receive; the close of a channel happens-before a
 *       receive that returns because the channel is closed; the k-th receive on a channel of
 *       capacity C happens-before the (k+C)-th send on it completes.</li>
 *   <li>A <em>panic</em> is a {@link io.go4j.GoPanic} carrying Go's message for the misuse.</li>
 * </ul>
 */
package io.go4j;
