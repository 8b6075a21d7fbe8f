package org.listensim.kernel;

import java.util.Arrays;
import java.util.StringJoiner;

/** The sysctl values of one host; every value starts at its 2.6.32 default. */
public final class Sysctls {
  private final int[] values = new int[Sysctl.values().length];

  public Sysctls() {
    for (Sysctl s : Sysctl.values()) {
      values[s.ordinal()] = s.defaultValue();
    }
  }

  public int get(Sysctl s) {
    return values[s.ordinal()];
  }

  public Sysctls set(Sysctl s, int value) {
    values[s.ordinal()] = value;
    return this;
  }

  /**
   * Sets a sysctl by its /proc/sys name, as {@code sysctl -w} would: any value a C int holds.
   *
   * @throws IllegalArgumentException naming the setting and the value when the name is unknown or the
   *     value does not fit a C int
   */
  public Sysctls set(String key, long value) {
    Sysctl s = Sysctl.byKey(key);
    if (s == null) {
      StringJoiner known = new StringJoiner(", ");
      Arrays.stream(Sysctl.values()).forEach(k -> known.add(k.key()));
      throw new IllegalArgumentException("unknown sysctl " + key + "; the model knows " + known);
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          key + " = " + value + " cannot be written: 2.6.32 stores it in a C int ("
              + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
    }
    return set(s, (int) value);
  }

  public Sysctls copy() {
    Sysctls c = new Sysctls();
    System.arraycopy(values, 0, c.values, 0, values.length);
    return c;
  }
}
