/**
 * go4j-race: a data race detector for Java in Go's report format. The detector is a
 * {@code -javaagent} ({@code java -javaagent:go4j-race.jar ...}); this package only lets a program
 * ask whether it runs under it ({@link io.go4j.race.Race}). The {@code internal} packages are the
 * agent and its runtime, not an API.
 */
package io.go4j.race;
