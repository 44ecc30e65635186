package io.go4j.debug.internal.pprof;

/**
 * ValueType names what a profile's values count, as {@code profile.proto}'s {@code ValueType}:
 * a type ({@code "contentions"}) and a unit ({@code "count"}).
 *
 * @param type what is measured
 * @param unit its unit
 */
public record ValueType(String type, String unit) {}
