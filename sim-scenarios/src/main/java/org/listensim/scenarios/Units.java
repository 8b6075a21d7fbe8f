package org.listensim.scenarios;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.listensim.kernel.Ipv4;
import org.listensim.scenarios.workload.AddressPool;
import org.listensim.scenarios.workload.Distribution;

/**
 * The scenario format's value syntax: durations ({@code 100ms}), rates ({@code 100/s}), distributions
 * ({@code exponential(20ms)}) and CIDR blocks ({@code 10.1.0.0/24}). Each parser throws {@link
 * IllegalArgumentException} whose message says what is allowed; the loader adds the location and what
 * was found.
 */
public final class Units {
  private Units() {}

  public static final String DURATION_EXPECTED =
      "a duration: a number with a unit ns, us, ms, s, min or h (e.g. 100ms, 1.5s), or 0";
  public static final String RATE_EXPECTED = "a rate: a positive number per unit (e.g. 100/s, 5/ms, 600/min)";
  public static final String CIDR_EXPECTED = "an IPv4 CIDR block a.b.c.d/n with n in 0..32 (e.g. 10.1.0.0/24)";
  public static final String ADDRESS_EXPECTED = "an IPv4 address a.b.c.d";
  public static final String DISTRIBUTION_EXPECTED =
      "a duration or a distribution: constant(d), uniform(lo, hi), normal(mean, sd), exponential(mean),"
          + " lognormal(median, sigma), pareto(scale, shape), weibull(shape, scale), gamma(shape, scale)";

  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|min|h)");
  private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][0-9]+)?)\\s*/\\s*(ns|us|ms|s|min|h)");
  private static final Pattern CALL = Pattern.compile("([a-z]+)\\s*\\((.*)\\)");

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "min":
        return 60_000_000_000L;
      case "h":
        return 3_600_000_000_000L;
      default:
        throw new IllegalArgumentException(unit);
    }
  }

  /** A duration in nanoseconds; whole nanoseconds only, at most about 106 days. */
  public static long duration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return 0;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(DURATION_EXPECTED);
    }
    BigDecimal ns = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2))));
    if (ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
      throw new IllegalArgumentException(DURATION_EXPECTED + ", at most 100 days");
    }
    try {
      return ns.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(DURATION_EXPECTED + ", a whole number of nanoseconds");
    }
  }

  /** A rate in events per second (&gt; 0). */
  public static double ratePerSecond(String text) {
    Matcher m = RATE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(RATE_EXPECTED);
    }
    double n = Double.parseDouble(m.group(1));
    double perSecond = n * 1e9 / unitNanos(m.group(2));
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(RATE_EXPECTED);
    }
    return perSecond;
  }

  public static int address(String text) {
    try {
      return Ipv4.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ADDRESS_EXPECTED);
    }
  }

  public static AddressPool cidr(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(CIDR_EXPECTED);
    }
    int base;
    int len;
    try {
      base = Ipv4.parse(t.substring(0, slash));
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(CIDR_EXPECTED);
      }
      len = Integer.parseInt(p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CIDR_EXPECTED);
    }
    if (len > 32) {
      throw new IllegalArgumentException(CIDR_EXPECTED);
    }
    return new AddressPool(base, len);
  }

  /**
   * A distribution of durations, parameters in nanoseconds as {@link Distribution} wants them. A bare
   * duration is {@code constant(d)}. {@code lognormal(median, sigma)} becomes {@code lognormal(ln median_ns, sigma)}.
   */
  public static Distribution distribution(String text) {
    String t = text.trim();
    Matcher m = CALL.matcher(t);
    if (!m.matches()) {
      try {
        return Distribution.constant(duration(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(DISTRIBUTION_EXPECTED);
      }
    }
    String fn = m.group(1).toLowerCase(Locale.ROOT);
    String[] args = m.group(2).trim().isEmpty() ? new String[0] : m.group(2).split(",", -1);
    // 'd' = a duration parameter, 'n' = a positive plain number
    String kinds;
    switch (fn) {
      case "constant":
        kinds = "d";
        break;
      case "uniform":
      case "normal":
        kinds = "dd";
        break;
      case "exponential":
        kinds = "d";
        break;
      case "lognormal":
      case "pareto":
        kinds = "dn";
        break;
      case "weibull":
      case "gamma":
        kinds = "nd";
        break;
      default:
        throw new IllegalArgumentException(DISTRIBUTION_EXPECTED);
    }
    if (args.length != kinds.length()) {
      throw new IllegalArgumentException(
          DISTRIBUTION_EXPECTED + "; " + fn + " takes " + kinds.length() + " parameter(s)");
    }
    List<Double> params = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i].trim();
      if (kinds.charAt(i) == 'd') {
        try {
          params.add((double) duration(a));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              DISTRIBUTION_EXPECTED + "; parameter " + (i + 1) + " of " + fn + " is a duration");
        }
      } else {
        double v;
        try {
          v = Double.parseDouble(a);
        } catch (NumberFormatException e) {
          v = Double.NaN;
        }
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException(
              DISTRIBUTION_EXPECTED + "; parameter " + (i + 1) + " of " + fn + " is a positive number");
        }
        params.add(v);
      }
    }
    if (fn.equals("uniform") && params.get(0) > params.get(1)) {
      throw new IllegalArgumentException("uniform(lo, hi) with lo <= hi");
    }
    if ((fn.equals("exponential") || fn.equals("lognormal") || fn.equals("pareto")) && !(params.get(0) > 0)) {
      throw new IllegalArgumentException(DISTRIBUTION_EXPECTED + "; the first parameter of " + fn + " is > 0");
    }
    if (fn.equals("lognormal")) {
      params.set(0, Math.log(params.get(0)));
    }
    return new Distribution(fn, params);
  }

  /** Formats nanoseconds as the shortest exact duration (e.g. 1500ms → "1.5s"). */
  public static String formatDuration(long nanos) {
    if (nanos == 0) {
      return "0";
    }
    String[] units = {"h", "min", "s", "ms", "us", "ns"};
    for (String u : units) {
      long n = unitNanos(u);
      if (nanos % n == 0) {
        return (nanos / n) + u;
      }
    }
    return nanos + "ns";
  }
}
