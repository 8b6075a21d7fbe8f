package org.listensim.kernel;

/**
 * One IPv4 TCP segment between hosts: addresses as natural integers (see {@link Ipv4}), ports 0..65535,
 * sequence and acknowledgement numbers as u32 in an {@code int}, flags from {@link TcpFlags}, the
 * 16-bit window field as sent, the options, and the payload length (the payload bytes themselves are
 * not modelled).
 */
public record TcpSegment(
    int saddr,
    int sport,
    int daddr,
    int dport,
    int seq,
    int ack,
    int flags,
    int window,
    TcpOptions options,
    int payloadLength) {

  public TcpSegment {
    if ((sport | dport) >>> 16 != 0) {
      throw new IllegalArgumentException("ports must be 0..65535: " + sport + ", " + dport);
    }
    if (options == null) {
      options = TcpOptions.NONE;
    }
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** {@code end_seq} of the control block: seq + SYN + FIN + payload length. */
  public int endSeq() {
    return seq + (has(TcpFlags.SYN) ? 1 : 0) + (has(TcpFlags.FIN) ? 1 : 0) + payloadLength;
  }

  /** The segment's data offset in 32-bit words (5 without options). */
  public int doff() {
    return 5 + (options.length() + 3) / 4;
  }

  public TcpSegment withFlags(int f) {
    return new TcpSegment(saddr, sport, daddr, dport, seq, ack, f, window, options, payloadLength);
  }

  public TcpSegment withPayload(int len) {
    return new TcpSegment(saddr, sport, daddr, dport, seq, ack, flags, window, options, len);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(Ipv4.format(saddr, sport)).append(" > ").append(Ipv4.format(daddr, dport)).append(' ');
    b.append(TcpFlags.letters(flags)).append(" seq ").append(Integer.toUnsignedString(seq));
    if (has(TcpFlags.ACK)) {
      b.append(" ack ").append(Integer.toUnsignedString(ack));
    }
    b.append(" win ").append(window);
    if (payloadLength > 0) {
      b.append(" len ").append(payloadLength);
    }
    if (!options.isEmpty()) {
      b.append(" <");
      String sep = "";
      if (options.mss() >= 0) {
        b.append("mss ").append(options.mss());
        sep = ",";
      }
      if (options.sackOk()) {
        b.append(sep).append("sackOK");
        sep = ",";
      }
      if (options.timestamp()) {
        b.append(sep).append("TS val ").append(Integer.toUnsignedString(options.tsval()))
            .append(" ecr ").append(Integer.toUnsignedString(options.tsecr()));
        sep = ",";
      }
      if (options.wscale() >= 0) {
        b.append(sep).append("wscale ").append(options.wscale());
      }
      b.append('>');
    }
    return b.toString();
  }
}
