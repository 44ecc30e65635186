/**
 * The implementation of go4j-test's extension: attribution of goroutines to tests
 * ({@link io.go4j.test.internal.Scopes}), leak checks ({@link io.go4j.test.internal.Leaks}),
 * timeouts ({@link io.go4j.test.internal.Timeouts}), race reports
 * ({@link io.go4j.test.internal.Races}), and the text of its reports. Not exported.
 */
package io.go4j.test.internal;
