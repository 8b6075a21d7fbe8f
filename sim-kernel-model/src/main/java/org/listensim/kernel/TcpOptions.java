package org.listensim.kernel;

/**
 * The TCP options the listen path reads and writes. Absent numeric options are −1; the timestamp pair
 * is meaningful only when {@code timestamp} is set.
 */
public record TcpOptions(int mss, int wscale, boolean sackOk, boolean timestamp, int tsval, int tsecr) {
  public static final TcpOptions NONE = new TcpOptions(-1, -1, false, false, 0, 0);

  public static TcpOptions mss(int mss) {
    return new TcpOptions(mss, -1, false, false, 0, 0);
  }

  public TcpOptions withMss(int v) {
    return new TcpOptions(v, wscale, sackOk, timestamp, tsval, tsecr);
  }

  public TcpOptions withWscale(int v) {
    return new TcpOptions(mss, v, sackOk, timestamp, tsval, tsecr);
  }

  public TcpOptions withSackOk(boolean v) {
    return new TcpOptions(mss, wscale, v, timestamp, tsval, tsecr);
  }

  public TcpOptions withTimestamp(int val, int ecr) {
    return new TcpOptions(mss, wscale, sackOk, true, val, ecr);
  }

  public boolean isEmpty() {
    return mss < 0 && wscale < 0 && !sackOk && !timestamp;
  }

  /**
   * Bytes the options take on the wire in Linux's layout (MSS 4; SACK-permitted and timestamps
   * combined into 12, or 4 alone, or NOP-padded 12 for timestamps alone; window scale 4).
   */
  public int length() {
    int n = mss >= 0 ? 4 : 0;
    if (timestamp) {
      n += 12;
    } else if (sackOk) {
      n += 4;
    }
    if (wscale >= 0) {
      n += 4;
    }
    return n;
  }
}
