package org.listensim.kernel;

/** TCP header flag bits, and their letters as the JSON output writes them (S, A, R, F, P). */
public final class TcpFlags {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;

  private TcpFlags() {}

  /** Letters in a fixed order: S, F, R, P, A, then U, E, W; "." for none. */
  public static String letters(int flags) {
    StringBuilder b = new StringBuilder(4);
    if ((flags & SYN) != 0) b.append('S');
    if ((flags & FIN) != 0) b.append('F');
    if ((flags & RST) != 0) b.append('R');
    if ((flags & PSH) != 0) b.append('P');
    if ((flags & ACK) != 0) b.append('A');
    if ((flags & URG) != 0) b.append('U');
    if ((flags & ECE) != 0) b.append('E');
    if ((flags & CWR) != 0) b.append('W');
    return b.length() == 0 ? "." : b.toString();
  }
}
