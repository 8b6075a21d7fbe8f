package org.listensim.scenarios.sweep;

/**
 * One slice of a sweep for a job array: shard {@code index} of {@code count} (1-based) runs the runs
 * whose position in the sweep's order (grid point, then seed) is {@code index − 1} modulo {@code
 * count}.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("expected a shard i/N with 1 <= i <= N, found " + index + "/" + count);
    }
  }

  /** Parses {@code i/N}. */
  public static Shard parse(String s) {
    int slash = s.indexOf('/');
    try {
      if (slash > 0) {
        return new Shard(Integer.parseInt(s.substring(0, slash).strip()),
            Integer.parseInt(s.substring(slash + 1).strip()));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("expected a shard i/N such as 2/8 (1 <= i <= N), found \"" + s + "\"");
  }

  public boolean contains(int position) {
    return position % count == index - 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
