package io.go4j.debug.internal.pprof;

import java.util.List;
import java.util.Map;

/**
 * Sample is one row of a profile: a stack, its values (one per sample type) and its labels.
 *
 * @param stack  the frames, innermost first
 * @param values one value per sample type of the profile
 * @param labels string labels (Go's pprof labels), sorted by key; empty if none
 */
public record Sample(List<Frame> stack, long[] values, Map<String, String> labels) {}
