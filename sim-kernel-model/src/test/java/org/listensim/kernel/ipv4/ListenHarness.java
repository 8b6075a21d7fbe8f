package org.listensim.kernel.ipv4;

import java.util.ArrayList;
import java.util.List;
import org.listensim.core.SimTime;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * A server host 10.0.0.100:80 with zero-delay, scripted peers, as in the listen-path spec's worked
 * examples (§16.0): segments are injected at exact times, after the timers of the same jiffy, and
 * every segment the server sends is recorded with its time.
 */
final class ListenHarness {
  static final int SERVER = Ipv4.parse("10.0.0.100");
  static final int PORT = 80;

  final Simulator sim;
  final KernelClock clock;
  final Sysctls sysctls = new Sysctls();
  final Host host;
  final TcpSock listener;
  final List<Sent> sent = new ArrayList<>();
  final List<Peer> peers = new ArrayList<>();

  /** A segment the server sent, at virtual time {@code t} (ns). */
  record Sent(long t, TcpSegment seg) {
    double seconds() {
      return t / 1e9;
    }
  }

  ListenHarness() {
    this(1000);
  }

  ListenHarness(Simulator sim) {
    this(sim, 1000);
  }

  ListenHarness(int hz) {
    this(new Simulator(1), hz);
  }

  ListenHarness(Simulator sim, int hz) {
    this.sim = sim;
    clock = new KernelClock(sim, hz, KernelClock.initialJiffies(hz), 1_262_304_000L);
    host = new Host("server", clock, sysctls, this::onServerOutput);
    host.pinHashRnd(0);
    host.setIsnSource((s, d, sp, dp) -> 0x50000000);
    listener = host.socket();
    host.bind(listener, 0, PORT);
  }

  int listen(int backlog) {
    return host.listen(listener, backlog);
  }

  static long ms(double millis) {
    return Math.round(millis * 1_000_000L);
  }

  static long s(double seconds) {
    return SimTime.seconds(seconds);
  }

  /** Delivers a segment to the server at time t, after the timers of that instant. */
  void at(long t, TcpSegment seg) {
    sim.newTimer(1, () -> host.receive(seg)).armAt(t);
  }

  /** Runs {@code r} at time t, after the timers of that instant. */
  void atDo(long t, Runnable r) {
    sim.newTimer(1, r).armAt(t);
  }

  void runUntil(long t) {
    sim.runUntil(t);
  }

  long get(MibCounter c) {
    return host.mib().get(c);
  }

  ListenSock lopt() {
    return listener.listenOpt();
  }

  /** Segments sent to one address, in order. */
  List<Sent> sentTo(int addr) {
    return sent.stream().filter(x -> x.seg.daddr() == addr).toList();
  }

  static TcpSegment syn(int addr, int port, int isn, TcpOptions opts) {
    return new TcpSegment(addr, port, SERVER, PORT, isn, 0, TcpFlags.SYN, 5840, opts, 0);
  }

  static TcpSegment ack(int addr, int port, int seq, int ack) {
    return new TcpSegment(addr, port, SERVER, PORT, seq, ack, TcpFlags.ACK, 46, TcpOptions.NONE, 0);
  }

  /**
   * A well-behaved 2.6.32 client of §16.0: SYN with MSS 1460 only, retransmitted at +3 s and +9 s
   * until a SYN-ACK arrives; ACKs a SYN-ACK at once (a repeated one with a duplicate ACK); a RST
   * resets it.
   */
  Peer client(int addr, int port, int isn, long start) {
    Peer p = new Peer(addr, port, isn);
    peers.add(p);
    for (long k : new long[] {0, 3, 9}) {
      atDo(start + s(k), () -> {
        if (p.synAcks == 0 && !p.reset) {
          p.synsSent++;
          host.receive(syn(addr, port, isn, TcpOptions.mss(1460)));
        }
      });
    }
    return p;
  }

  static final class Peer {
    final int addr;
    final int port;
    final int isn;
    int synsSent;
    int synAcks;
    int serverIsn;
    boolean reset;
    boolean silent;
    long connectedAt = -1;

    Peer(int addr, int port, int isn) {
      this.addr = addr;
      this.port = port;
      this.isn = isn;
    }
  }

  private void onServerOutput(TcpSegment seg) {
    sent.add(new Sent(sim.now(), seg));
    for (Peer p : peers) {
      if (p.addr == seg.daddr() && p.port == seg.dport()) {
        if (seg.has(TcpFlags.RST)) {
          p.reset = true;
        } else if (seg.has(TcpFlags.SYN) && seg.has(TcpFlags.ACK) && !p.reset && !p.silent) {
          p.synAcks++;
          p.serverIsn = seg.seq();
          if (p.connectedAt < 0) {
            p.connectedAt = sim.now();
          }
          TcpSegment a = ack(p.addr, p.port, p.isn + 1, seg.seq() + 1);
          atDo(sim.now(), () -> host.receive(a));
        }
      }
    }
  }
}
