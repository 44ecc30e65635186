/**
 * go4j-vet: Go's {@code go vet} checks for go4j code, as an Error Prone plugin.
 *
 * <p>Each check is a {@link com.google.errorprone.bugpatterns.BugChecker} that javac runs when Error
 * Prone is on the compiler's processor path with go4j-vet next to it ({@code -Xplugin:ErrorProne}). The
 * checks know go4j's API by name only: go4j-vet has no dependency on go4j-core, and nothing of it is
 * needed at run time. The module README describes each check's precise rule, the Go analyser it
 * mirrors, and its known false negatives.
 */
package io.go4j.vet;
