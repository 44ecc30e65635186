/** Go's {@code golang.org/x/sync/singleflight}: duplicate calls for one key share one execution and its result. */
package io.go4j.singleflight;
