package org.listensim.scenarios;

import java.util.List;

/**
 * Kernel values that are random on a real machine, pinned so a run reproduces one exact kernel state.
 * Every field is optional (null: drawn from the run's seed).
 *
 * @param synqHashRnd {@code hash_rnd} of the listener's SYN table (u32)
 * @param syncookieSecretSeed seed from which the 2×17-word {@code syncookie_secret} is derived
 * @param syncookieSecretWords the secret itself: two lists of 17 u32 words (takes precedence over the seed)
 * @param isnFirst the ISN of the first passive open; with {@code isnIncrement} the k-th (0-based) gets
 *     {@code isnFirst + k·isnIncrement} (mod 2³²)
 * @param isnIncrement see {@code isnFirst}; 0 when only the first is given
 */
public record KernelPins(
    Long synqHashRnd,
    Long syncookieSecretSeed,
    List<List<Long>> syncookieSecretWords,
    Long isnFirst,
    long isnIncrement) {
  public static final KernelPins NONE = new KernelPins(null, null, null, null, 0);

  public KernelPins {
    if (syncookieSecretWords != null) {
      syncookieSecretWords = syncookieSecretWords.stream().map(List::copyOf).toList();
    }
  }

  public KernelPins withSynqHashRnd(long v) {
    return new KernelPins(v, syncookieSecretSeed, syncookieSecretWords, isnFirst, isnIncrement);
  }

  public KernelPins withSyncookieSecretSeed(long v) {
    return new KernelPins(synqHashRnd, v, syncookieSecretWords, isnFirst, isnIncrement);
  }

  public KernelPins withSyncookieSecretWords(List<List<Long>> words) {
    return new KernelPins(synqHashRnd, syncookieSecretSeed, words, isnFirst, isnIncrement);
  }

  public KernelPins withIsn(long first, long increment) {
    return new KernelPins(synqHashRnd, syncookieSecretSeed, syncookieSecretWords, first, increment);
  }
}
