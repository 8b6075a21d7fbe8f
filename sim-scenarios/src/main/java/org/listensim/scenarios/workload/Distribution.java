package org.listensim.scenarios.workload;

import java.util.List;

/**
 * A named distribution of durations (or sizes) with its parameters, in the units the caller states
 * (durations in nanoseconds). Names: {@code constant(v)}, {@code uniform(lo, hi)}, {@code
 * normal(mean, sd)}, {@code lognormal(scale, shape)} (of the underlying normal), {@code
 * exponential(mean)}, {@code pareto(scale, shape)}, {@code weibull(shape, scale)}, {@code gamma(shape,
 * scale)}; sampled through Commons Math from a named stream. Negative samples are clamped to 0.
 */
public record Distribution(String name, List<Double> params) {
  public Distribution {
    params = List.copyOf(params);
  }

  public static Distribution constant(double v) {
    return new Distribution("constant", List.of(v));
  }
}
