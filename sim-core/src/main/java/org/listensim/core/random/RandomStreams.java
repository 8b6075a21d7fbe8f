package org.listensim.core.random;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The random streams of one run. A stream's sequence depends only on (run seed, stream name): its
 * 256-bit state is SHA-256 of {@code "listensim-stream-v1"}, the seed as 8 big-endian bytes and the
 * name in UTF-8, and the generator is XoShiRo256++ (Commons RNG), whose output for a given state is
 * fixed by its specification. So streams are independent of each other and of the order they are
 * first asked for.
 */
public final class RandomStreams {
  private static final byte[] DOMAIN = "listensim-stream-v1".getBytes(StandardCharsets.UTF_8);

  private final long seed;
  // Looked up by name only, never iterated: its order cannot reach the output.
  private final Map<String, UniformRandomProvider> streams = new HashMap<>();

  public RandomStreams(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The stream with this name; the same object on every call. */
  public UniformRandomProvider stream(String name) {
    return streams.computeIfAbsent(name, n -> create(seed, n));
  }

  /** The named stream seen as a Commons Math {@link RandomGenerator}, for its distributions. */
  public RandomGenerator math3(String name) {
    return new Math3RandomGenerator(stream(name));
  }

  /** A fresh generator for (seed, name), independent of any {@code RandomStreams} instance. */
  public static UniformRandomProvider create(long seed, String name) {
    return RandomSource.XO_SHI_RO_256_PP.create(stateOf(seed, name));
  }

  static long[] stateOf(long seed, String name) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    sha.update(DOMAIN);
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    ByteBuffer digest = ByteBuffer.wrap(sha.digest());
    return new long[] {digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong()};
  }
}
