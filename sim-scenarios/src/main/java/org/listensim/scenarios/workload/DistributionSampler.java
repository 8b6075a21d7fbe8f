package org.listensim.scenarios.workload;

import java.util.function.LongSupplier;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.ParetoDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** Maps a {@link Distribution} to a Commons Math sampler over a named stream; samples are rounded, ≥ 0. */
public final class DistributionSampler {
  private DistributionSampler() {}

  /** A sampler of whole units (ns for durations) drawing from {@code rng}. */
  public static LongSupplier of(Distribution d, RandomGenerator rng) {
    double[] p = d.params().stream().mapToDouble(Double::doubleValue).toArray();
    String n = d.name();
    if (n.equals("constant")) {
      need(d, p, 1);
      long v = Math.max(0, Math.round(p[0]));
      return () -> v;
    }
    RealDistribution r = switch (n) {
      case "uniform" -> new UniformRealDistribution(rng, need(d, p, 2)[0], p[1]);
      case "normal" -> new NormalDistribution(rng, need(d, p, 2)[0], p[1]);
      case "lognormal" -> new LogNormalDistribution(rng, need(d, p, 2)[0], p[1]);
      case "exponential" -> new ExponentialDistribution(rng, need(d, p, 1)[0]);
      case "pareto" -> new ParetoDistribution(rng, need(d, p, 2)[0], p[1]);
      case "weibull" -> new WeibullDistribution(rng, need(d, p, 2)[0], p[1]);
      case "gamma" -> new GammaDistribution(rng, need(d, p, 2)[0], p[1]);
      default -> throw new IllegalArgumentException("unknown distribution " + n
          + "; known: constant, uniform, normal, lognormal, exponential, pareto, weibull, gamma");
    };
    return () -> Math.max(0, Math.round(r.sample()));
  }

  private static double[] need(Distribution d, double[] p, int k) {
    if (p.length != k) {
      throw new IllegalArgumentException(d.name() + " takes " + k + " parameter(s), got " + p.length);
    }
    return p;
  }
}
