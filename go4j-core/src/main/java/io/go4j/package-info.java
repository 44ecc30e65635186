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
 *
 * <h2>Go's statements in Java</h2>
 * <ul>
 *   <li>{@code go f()}: {@code go(() -> f())} ({@link io.go4j.Go#go(io.go4j.Go.ThrowingRunnable)});
 *       the lambda may throw checked exceptions, which are the goroutine's panic.</li>
 *   <li>{@code select}: {@link io.go4j.Select#choose} returns which case fired, so the cases are
 *       handled by the caller's own {@code switch}, where {@code break label}, {@code continue}
 *       and {@code return} work; {@link io.go4j.Select#select} runs a handler per case and
 *       returns its result.</li>
 *   <li>{@code chan struct{}}: {@code Chan<}{@link io.go4j.Empty}{@code >}, sent
 *       {@link io.go4j.Empty#VALUE}.</li>
 *   <li>{@code defer}: {@code finally} and try-with-resources.</li>
 * </ul>
 *
 * <h2>Differences from Go</h2>
 * <ul>
 *   <li><em>No preemption.</em> Go preempts a goroutine that runs for long without blocking;
 *       the JDK never preempts a virtual thread. A goroutine in a loop that neither blocks nor
 *       yields keeps its carrier thread, and if every carrier is so occupied, no other
 *       goroutine runs (new ones included) until one of them blocks. Block on a channel or a
 *       lock, or call {@link io.go4j.Go#gosched()}, in long computations.</li>
 *   <li><em>{@code gosched} is {@link Thread#yield()}, a hint.</em> The JDK scheduler requeues
 *       a yielding virtual thread on its carrier's local queue when that queue has work, else
 *       on a shared submission queue, and a carrier runs its local queue before the shared
 *       ones; goroutines woken by platform threads (timers, I/O, the main thread) wait in the
 *       shared ones. A loop of {@code gosched()} can therefore starve a goroutine it waits for:
 *       with one carrier, a goroutine looping on {@code gosched()} never let a goroutine
 *       started by the main thread run (JDK 25). Wait by blocking, not by yielding.</li>
 *   <li><em>Goroutines are daemon threads</em>, so the JVM exits when the last non-daemon thread
 *       (usually main) ends, whatever goroutines still run, as a Go program does when
 *       {@code main} returns.</li>
 *   <li><em>A panic is not fatal by default.</em> A goroutine's uncaught exception is reported
 *       in Go's format and the program goes on; {@code -Dgo4j.panic=exit} makes it fatal, as in
 *       Go: after the report the JVM halts with status 2 ({@link Runtime#halt}: shutdown
 *       hooks do not run, nor do other threads' {@code finally} blocks; the panicking
 *       goroutine's own {@code finally} blocks have run, as Go runs its deferred calls).</li>
 *   <li><em>{@code goexit} unwinds by throwing an {@link Error}</em>: {@code catch (Throwable)}
 *       or {@code catch (Error)} stops it, and the goroutine goes on; such code should rethrow
 *       what {@link io.go4j.Go#isGoexit} recognises. On the main thread it behaves as Go's
 *       main goroutine calling {@code Goexit} (see {@link io.go4j.Go#goexit()}).</li>
 *   <li><em>{@code LockOSThread} cannot move a running goroutine</em> to a thread of its own:
 *       start it locked with {@link io.go4j.Go#goLocked(io.go4j.Go.ThrowingRunnable)} (a platform
 *       thread); {@link io.go4j.Go#lockOSThread()} on a virtual thread throws.</li>
 *   <li><em>{@code null} is not a channel element</em>, so a receive returns null for "closed
 *       and drained" where Go returns the zero value (use {@code recvOk} to tell them apart).</li>
 * </ul>
 */
package io.go4j;
