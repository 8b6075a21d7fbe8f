package org.listensim.kernel;

import org.listensim.core.trace.TraceFields;
import org.listensim.core.trace.TraceRecord;

/** The trace records the kernel model emits. Field order is fixed: it feeds the run's digest. */
public final class KernelTrace {
  private KernelTrace() {}

  /** A segment entering ({@code seg-in}) or leaving ({@code seg-out}) a host. */
  public record Segment(String type, String host, TcpSegment seg) implements TraceRecord {
    @Override
    public void writeFields(TraceFields out) {
      out.put("host", host)
          .put("src", Ipv4.format(seg.saddr(), seg.sport()))
          .put("dst", Ipv4.format(seg.daddr(), seg.dport()))
          .put("flags", TcpFlags.letters(seg.flags()))
          .put("seq", Integer.toUnsignedLong(seg.seq()))
          .put("ack", Integer.toUnsignedLong(seg.ack()))
          .put("win", seg.window())
          .put("len", seg.payloadLength());
      TcpOptions o = seg.options();
      if (o.mss() >= 0) {
        out.put("mss", o.mss());
      }
      if (o.wscale() >= 0) {
        out.put("wscale", o.wscale());
      }
      if (o.sackOk()) {
        out.put("sackOK", true);
      }
      if (o.timestamp()) {
        out.put("tsval", Integer.toUnsignedLong(o.tsval())).put("tsecr", Integer.toUnsignedLong(o.tsecr()));
      }
    }
  }

  /**
   * Something that happened to a request or a socket on a host: {@code type} says what, {@code peer}
   * names the remote end, {@code detail} is a short fixed word (a drop reason, a bucket), and the
   * listener's queue lengths after the event.
   */
  public record Listen(String type, String host, String peer, String detail, int qlen, int qlenYoung, int ackBacklog)
      implements TraceRecord {
    @Override
    public void writeFields(TraceFields out) {
      out.put("host", host)
          .put("peer", peer)
          .put("detail", detail)
          .put("qlen", qlen)
          .put("young", qlenYoung)
          .put("ackBacklog", ackBacklog);
    }
  }

  /** A kernel log line ({@code printk}). */
  public record Klog(String host, String level, String message) implements TraceRecord {
    @Override
    public String type() {
      return "klog";
    }

    @Override
    public void writeFields(TraceFields out) {
      out.put("host", host).put("level", level).put("message", message);
    }
  }
}
