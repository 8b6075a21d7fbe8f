package org.listensim.kernel;

/** The MIB counters of one host (kernel counters) and the simulator's own observations, apart. */
public final class Mib {
  private final long[] kernel = new long[MibCounter.values().length];
  private final long[] sim = new long[SimCounter.values().length];

  public void inc(MibCounter c) {
    kernel[c.ordinal()]++;
  }

  /** Only for the gauge {@link MibCounter#CURR_ESTAB}. */
  public void dec(MibCounter c) {
    if (c != MibCounter.CURR_ESTAB) {
      throw new IllegalArgumentException(c.kernelName() + " is a counter, not a gauge");
    }
    kernel[c.ordinal()]--;
  }

  public long get(MibCounter c) {
    return kernel[c.ordinal()];
  }

  public void inc(SimCounter c) {
    sim[c.ordinal()]++;
  }

  public long get(SimCounter c) {
    return sim[c.ordinal()];
  }
}
