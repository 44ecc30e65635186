package io.go4j.benchmarks

import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/**
 * KotlinPeer is the `kotlin` entry of the benchmarks: the same scenarios written with
 * kotlinx.coroutines, the peer many JVM users pick instead of threads. Each benchmark with
 * `impl=kotlin` calls one function here and nothing else, so the whole scenario (actors, channels,
 * waits) is coroutines, as a Kotlin user would write it, not a coroutine channel behind a blocking
 * adapter.
 *
 * Where it runs: every coroutine is dispatched on [DISPATCHER], two daemon platform threads, the
 * counterpart of the JDK scheduler's two carriers on this 2-core machine (and of GOMAXPROCS=2 in
 * the Go twin). The JMH thread waits in `runBlocking(DISPATCHER)`, as the JVM peers' JMH thread
 * waits in `Thread.join`. Long-lived actors (the echoer, the chain's relays, the ring) are started
 * per iteration and cancelled at its end, like [io.go4j.benchmarks.Actors] for the others.
 *
 * A batch that does not finish within [io.go4j.benchmarks.Actors.TIMEOUT] fails with a `TimeoutCancellationException`
 * (a deadlock, not a slow machine: see [io.go4j.benchmarks.Actors.TIMEOUT]).
 */
object KotlinPeer {
    /** The two threads every coroutine of the peer runs on. */
    private val DISPATCHER: ExecutorCoroutineDispatcher = Executors.newFixedThreadPool(2, daemon()).asCoroutineDispatcher()

    private val TIMEOUT_MS = io.go4j.benchmarks.Actors.TIMEOUT.toMillis()

    private fun daemon(): ThreadFactory {
        var n = 0
        return ThreadFactory { r -> Thread(r, "kotlin-peer-" + n++).apply { isDaemon = true } }
    }

    /** Runs [body] on the dispatcher and waits for it and every coroutine it launched. */
    private fun batch(body: suspend CoroutineScope.() -> Unit) {
        runBlocking(DISPATCHER) { withTimeout(TIMEOUT_MS) { coroutineScope { body() } } }
    }

    /** Long-lived actors of one iteration (the counterpart of [io.go4j.benchmarks.Actors.start]): started on
     * the dispatcher, cancelled by [close]. */
    class LongLived(start: CoroutineScope.() -> Unit) : AutoCloseable {
        private val scope = CoroutineScope(DISPATCHER + Job())

        init {
            scope.start()
        }

        override fun close() {
            runBlocking { withTimeout(TIMEOUT_MS) { scope.coroutineContext[Job]!!.cancelAndJoin() } }
        }
    }

    /** PingPong: an echoer for the iteration, over two rendezvous channels. */
    class PingPong : AutoCloseable {
        private val ping = Channel<Any>()
        private val pong = Channel<Any>()
        private val echoer = LongLived { launch { while (true) pong.send(ping.receive()) } }

        /** [n] round trips. */
        fun roundTrips(n: Int) = batch {
            repeat(n) {
                ping.send(ActorBenchmark.MESSAGE)
                pong.receive()
            }
        }

        override fun close() = echoer.close()
    }

    /** Chain: [stages] rendezvous channels and stages-1 relays for the iteration. */
    class Chain(stages: Int) : AutoCloseable {
        private val channels = Array(stages) { Channel<Any>() }
        private val relays = LongLived {
            for (i in 1 until stages) {
                val input = channels[i - 1]
                val output = channels[i]
                launch { while (true) output.send(input.receive()) }
            }
        }

        /** Feeds [messages] into the first channel and drains them from the last. */
        fun hops(messages: Int) = batch {
            launch { repeat(messages) { channels.first().send(ActorBenchmark.MESSAGE) } }
            repeat(messages) { channels.last().receive() }
        }

        override fun close() = relays.close()
    }

    /** Ring: [actors] actors passing a token round rendezvous channels for the iteration. */
    class Ring(actors: Int) : AutoCloseable {
        private val ring = Array(actors) { Channel<RingBenchmark.Token>() }
        private val done = Channel<RingBenchmark.Token>()
        private val members = LongLived {
            for (i in 0 until actors) {
                val input = ring[i]
                val output = ring[(i + 1) % actors]
                launch {
                    while (true) {
                        val t = input.receive()
                        t.hopsLeft--
                        if (t.hopsLeft == 0) done.send(t) else output.send(t)
                    }
                }
            }
        }

        /** Sends a token of [hops] hops round the ring and waits for it. */
        fun hops(hops: Int) = batch {
            ring[0].send(RingBenchmark.Token(hops))
            check(done.receive().hopsLeft == 0)
        }

        override fun close() = members.close()
    }

    /** Buffered (and MPMC): [producers] senders and [consumers] receivers over one channel of [capacity]. */
    @JvmStatic
    fun transfer(capacity: Int, messages: Int, producers: Int, consumers: Int) = batch {
        val ch = Channel<Any>(capacity)
        repeat(producers) { launch { repeat(messages / producers) { ch.send(ActorBenchmark.MESSAGE) } } }
        repeat(consumers) { launch { repeat(messages / consumers) { ch.receive() } } }
    }

    /** Select: one receiver selecting over two rendezvous channels, each fed by its own producer. */
    @JvmStatic
    fun select(messages: Int) = batch {
        val a = Channel<Any>()
        val b = Channel<Any>()
        launch { repeat(messages / 2) { a.send(ActorBenchmark.MESSAGE) } }
        launch { repeat(messages / 2) { b.send(ActorBenchmark.MESSAGE) } }
        repeat(messages) {
            select<Unit> {
                a.onReceive { }
                b.onReceive { }
            }
        }
    }

    /** Spawn: [n] coroutines that do nothing, launched and joined. */
    @JvmStatic
    fun spawn(n: Int) = batch {
        repeat(n) { launch { } }
    }

    /**
     * Mutex: [coroutines] coroutines each doing [each] critical sections on a kotlinx.coroutines
     * Mutex, with MutexBenchmark's non-inlined work inside and between, yielding every
     * [yieldEvery] iterations. Returns the counter.
     */
    @JvmStatic
    fun mutex(coroutines: Int, each: Int, yieldEvery: Int, start: Long): Long {
        val mutex = Mutex()
        var counter = start
        batch {
            repeat(coroutines) {
                launch {
                    var local = 0L
                    for (i in 1..each) {
                        mutex.lock()
                        counter = MutexBenchmark.inside(counter)
                        mutex.unlock()
                        local = MutexBenchmark.outside(local)
                        if (i % yieldEvery == 0) yield()
                    }
                    MutexBenchmark.sink(local)
                }
            }
        }
        return counter
    }
}
