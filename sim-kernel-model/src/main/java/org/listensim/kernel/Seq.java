package org.listensim.kernel;

/** Sequence-space comparisons of {@code include/net/tcp.h}, modulo 2³². */
public final class Seq {
  private Seq() {}

  /** {@code before(a, b)}: the signed 32-bit difference a − b is negative. */
  @KernelSource(file = "include/net/tcp.h", function = "before")
  public static boolean before(int a, int b) {
    return a - b < 0;
  }

  /** {@code after(a, b)}. */
  @KernelSource(file = "include/net/tcp.h", function = "after")
  public static boolean after(int a, int b) {
    return before(b, a);
  }
}
