package org.listensim.core.random;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Lets Commons Math distributions draw from a named stream. Reseeding is refused: a stream's numbers
 * come from the run's seed and nothing else.
 */
public final class Math3RandomGenerator implements RandomGenerator {
  private final UniformRandomProvider rng;
  private ZigguratSampler.NormalizedGaussian gaussian;

  public Math3RandomGenerator(UniformRandomProvider rng) {
    this.rng = rng;
  }

  @Override
  public void setSeed(int seed) {
    throw reseed();
  }

  @Override
  public void setSeed(int[] seed) {
    throw reseed();
  }

  @Override
  public void setSeed(long seed) {
    throw reseed();
  }

  private static UnsupportedOperationException reseed() {
    return new UnsupportedOperationException(
        "a listensim random stream is seeded by the run's seed and cannot be reseeded");
  }

  @Override
  public void nextBytes(byte[] bytes) {
    rng.nextBytes(bytes);
  }

  @Override
  public int nextInt() {
    return rng.nextInt();
  }

  @Override
  public int nextInt(int n) {
    return rng.nextInt(n);
  }

  @Override
  public long nextLong() {
    return rng.nextLong();
  }

  @Override
  public boolean nextBoolean() {
    return rng.nextBoolean();
  }

  @Override
  public float nextFloat() {
    return rng.nextFloat();
  }

  @Override
  public double nextDouble() {
    return rng.nextDouble();
  }

  @Override
  public double nextGaussian() {
    if (gaussian == null) {
      gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
    }
    return gaussian.sample();
  }
}
