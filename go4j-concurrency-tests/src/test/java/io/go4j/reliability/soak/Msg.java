package io.go4j.reliability.soak;

/**
 * Msg is one message of the soak: who sent it, on which channel, and its number in that
 * sender's sequence on that channel. The numbers of a (sender, channel) pair are 0, 1, 2, ...
 * with no gap: a sender moves to the next number only once a send has returned normally, so a
 * send that was provably not made (interrupted, lost a select, panicked on a closed channel)
 * is retried with the same number. That is what lets {@link DeliveryChecker} prove
 * exactly-once delivery: a message that was reported "not sent" but delivered anyway shows up
 * as a duplicate; one reported sent but never delivered shows up as a gap.
 *
 * @param sender the sending worker's sender index
 * @param chan   the index of the channel it was sent on
 * @param seq    its number in the (sender, chan) sequence
 */
record Msg(int sender, int chan, int seq) {
}
