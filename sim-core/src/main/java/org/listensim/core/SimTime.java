package org.listensim.core;

import java.math.BigDecimal;

/** Virtual time is a {@code long} count of nanoseconds since the start of a run. These are its units. */
public final class SimTime {
  public static final long NANOS_PER_MICRO = 1_000L;
  public static final long NANOS_PER_MILLI = 1_000_000L;
  public static final long NANOS_PER_SECOND = 1_000_000_000L;

  private SimTime() {}

  public static long micros(long micros) {
    return Math.multiplyExact(micros, NANOS_PER_MICRO);
  }

  public static long millis(long millis) {
    return Math.multiplyExact(millis, NANOS_PER_MILLI);
  }

  public static long seconds(long seconds) {
    return Math.multiplyExact(seconds, NANOS_PER_SECOND);
  }

  /** Seconds given as a decimal, rounded to the nearest nanosecond. */
  public static long seconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("not a finite number of seconds: " + seconds);
    }
    double nanos = seconds * NANOS_PER_SECOND;
    // Math.round would clamp silently; overflow throws, as the integer conversions do.
    if (nanos < -0x1p63 || nanos >= 0x1p63) {
      throw new ArithmeticException("seconds out of range of long nanoseconds: " + seconds);
    }
    return Math.round(nanos);
  }

  public static double toSeconds(long nanos) {
    return nanos / (double) NANOS_PER_SECOND;
  }

  public static double toMillis(long nanos) {
    return nanos / (double) NANOS_PER_MILLI;
  }

  /** Exact decimal seconds, trailing zeros removed: {@code 1500000000} gives {@code "1.5s"}. */
  public static String format(long nanos) {
    BigDecimal s = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    return s.toPlainString() + "s";
  }
}
