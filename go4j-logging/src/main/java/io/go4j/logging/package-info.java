/**
 * Goroutine ids, creators and labels in logs, under the keys {@link io.go4j.logging.GoroutineMdc#GOROUTINE}
 * ({@code goroutine}), {@link io.go4j.logging.GoroutineMdc#CREATOR} ({@code goroutine.creator}) and
 * each label's own key ({@code Go.withLabels(Map.of("request", "abc"), ...)} gives {@code request}):
 * a Logback or Log4j 2 pattern prints them with {@code %X{goroutine}}, {@code %X{request}}.
 *
 * <ul>
 *   <li>SLF4J (Logback, or any SLF4J back end with an MDC): call {@link io.go4j.logging.GoroutineMdc#install()}
 *       once at start-up. Every goroutine then starts with the entries in its MDC, and they follow
 *       {@code Go.withLabels} as labels change.</li>
 *   <li>Log4j 2: nothing to call. With go4j-logging and log4j-core on the class path, Log4j finds
 *       {@link io.go4j.logging.GoroutineContextDataProvider} by {@code ServiceLoader} and adds the
 *       entries to every event, read when the event is logged.</li>
 * </ul>
 *
 * <p>go4j's own reports (a goroutine's panic) reach the application's logs with
 * {@code -Dgo4j.log=system} and a {@code System.Logger} bridge on the class path
 * ({@code slf4j-jdk-platform-logging} or {@code log4j-jpl}): they are logged at {@code ERROR} by
 * the logger {@code io.go4j}. Reports that go4j's tools print to a {@code PrintStream} (go4j-debug's
 * deadlock watcher) reach them through {@link io.go4j.logging.LoggerPrintStream}.
 */
package io.go4j.logging;
