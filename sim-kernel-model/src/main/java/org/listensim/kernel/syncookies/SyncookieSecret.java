package org.listensim.kernel.syncookies;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.listensim.core.random.RandomStreams;
import org.listensim.kernel.KernelSource;

/**
 * The kernel's global syncookie secret, {@code syncookie_secret[2][16 - 4 + SHA_DIGEST_WORDS]}: two sets
 * of {@value #WORDS} 32-bit words. Set 0 keys the hash that hides the client's sequence number, set 1 the
 * hash that carries the counter and the MSS index (see {@link Syncookies}). In each set, words 0..11
 * complete the hashed block and words 12..16 are the SHA-1 chaining state.
 *
 * <p>The kernel fills it once at boot from its random pool and never changes it. Here it comes either
 * from a seed ({@link #fromSeed}) or from the caller ({@link #SyncookieSecret(int[], int[])}), so a
 * researcher can pin the exact secret of a real machine or of a test vector.
 *
 * <p>Immutable; the word arrays are copied in and out.
 */
public final class SyncookieSecret {
  /** Number of sets (the first dimension of {@code syncookie_secret}). */
  public static final int SETS = 2;
  /** Words per set: 16 - 4 + {@code SHA_DIGEST_WORDS} (5) = 17. */
  public static final int WORDS = 16 - 4 + Sha1Transform.DIGEST_WORDS;
  /** Name of the random stream {@link #fromSeed} draws from. */
  public static final String STREAM = "syncookie-secret";

  private final int[][] words;

  /**
   * A pinned secret.
   *
   * @param set0 {@code syncookie_secret[0][0..16]}, exactly {@value #WORDS} words
   * @param set1 {@code syncookie_secret[1][0..16]}, exactly {@value #WORDS} words
   * @throws IllegalArgumentException if either array is null or not {@value #WORDS} long
   */
  public SyncookieSecret(int[] set0, int[] set1) {
    this.words = new int[][] {checked(set0, 0), checked(set1, 1)};
  }

  /**
   * A secret drawn from the stream {@value #STREAM} of {@code seed}
   * ({@link RandomStreams#create(long, String)}): {@code 2 * 17} calls of {@code nextInt()}, set 0 word 0
   * first, then in memory order. The draw order is part of the contract: it fixes which secret a seed
   * gives.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: init_syncookies} (which fills the same array, in the same
   * order, from {@code get_random_bytes}).
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "init_syncookies")
  public static SyncookieSecret fromSeed(long seed) {
    UniformRandomProvider rng = RandomStreams.create(seed, STREAM);
    int[][] drawn = new int[SETS][WORDS];
    for (int[] set : drawn) {
      for (int j = 0; j < WORDS; j++) {
        set[j] = rng.nextInt();
      }
    }
    return new SyncookieSecret(drawn[0], drawn[1]);
  }

  /** Word {@code j} (0..16) of set {@code c} (0 or 1). */
  public int word(int c, int j) {
    checkSet(c);
    if (j < 0 || j >= WORDS) {
      throw new IllegalArgumentException("secret word index must be 0.." + (WORDS - 1) + ", got " + j);
    }
    return words[c][j];
  }

  /** A copy of set {@code c} (0 or 1). */
  public int[] words(int c) {
    checkSet(c);
    return words[c].clone();
  }

  /** Copies set {@code c} into {@code dest} at {@code offset}, as {@code cookie_hash} does. */
  void copyInto(int c, int[] dest, int offset) {
    System.arraycopy(words[c], 0, dest, offset, WORDS);
  }

  static void checkSet(int c) {
    if (c != 0 && c != 1) {
      throw new IllegalArgumentException("secret set must be 0 or 1, got " + c);
    }
  }

  private static int[] checked(int[] set, int c) {
    if (set == null) {
      throw new IllegalArgumentException("secret set " + c + " is null");
    }
    if (set.length != WORDS) {
      throw new IllegalArgumentException(
          "secret set " + c + " must have " + WORDS + " words (16 - 4 + SHA_DIGEST_WORDS), has "
              + set.length);
    }
    return set.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncookieSecret other && Arrays.deepEquals(words, other.words);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(words);
  }

  /** Both sets in hex, as a kernel debugger would dump them. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SyncookieSecret[");
    for (int c = 0; c < SETS; c++) {
      sb.append(c == 0 ? "" : "; ").append(c).append(':');
      for (int w : words[c]) {
        sb.append(' ').append(String.format("%08x", w));
      }
    }
    return sb.append(']').toString();
  }
}
