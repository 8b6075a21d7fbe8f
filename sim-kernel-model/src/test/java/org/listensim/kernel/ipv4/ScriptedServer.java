package org.listensim.kernel.ipv4;

import java.util.ArrayList;
import java.util.List;
import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceSink;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * A 2.6.32 client host 10.0.1.1 (HZ 1000) whose peer, 10.0.0.100:80, is a script: the test injects
 * each of the server's segments at an exact time (after the timers of that instant) and every segment
 * the client sends is recorded with its time. The client connects at time 0 with ISS {@link #ISS}; the
 * scripted server uses ISN {@link #IRS}. What the application is told is recorded in {@link #app}.
 */
final class ScriptedServer {
  static final int CLIENT = Ipv4.parse("10.0.1.1");
  static final int SERVER = Ipv4.parse("10.0.0.100");
  static final int ISS = 0x10000000;
  static final int IRS = 0x50000000;
  /** INITIAL_JIFFIES at HZ 1000: the client's jiffies (and tcp_time_stamp) at time 0. */
  static final long J0 = KernelClock.initialJiffies(1000);
  /** The scripted server's first TSval. */
  static final int PEER_TS = 7_000_000;

  final Simulator sim;
  final KernelClock clock;
  final Sysctls sysctls = new Sysctls();
  final Host host;
  final List<Sent> sent = new ArrayList<>();
  final App app = new App();
  TcpSock sk;

  /** A segment the client sent, at virtual time {@code t} (ns). */
  record Sent(long t, TcpSegment seg) {
    long ms() {
      return t / 1_000_000L;
    }
  }

  ScriptedServer() {
    this(TraceSink.NONE);
  }

  /** A client whose run hands every trace record to {@code trace}. */
  ScriptedServer(TraceSink trace) {
    sim = new Simulator(3, trace);
    clock = KernelClock.atBoot(sim, 1000);
    host = new Host("client", clock, sysctls, s -> sent.add(new Sent(sim.now(), s)));
    host.setIsnSource((a, b, c, d) -> ISS);
  }

  /** Creates the socket (with the application's recorder) and connects it at time 0. */
  TcpSock connect() {
    return connect(0);
  }

  /** As {@link #connect()}, with {@code setsockopt(TCP_MAXSEG, userMss)} first unless it is 0. */
  TcpSock connect(int userMss) {
    sk = host.socket();
    sk.laddr = CLIENT;
    sk.setCallbacks(app);
    if (userMss != 0) {
      host.setMaxSeg(sk, userMss);
    }
    host.connect(sk, SERVER, 80);
    return sk;
  }

  static long ms(long millis) {
    return millis * 1_000_000L;
  }

  /** A segment from the scripted server to the client's socket. */
  TcpSegment seg(int seq, int ack, int flags, int window, TcpOptions o, int len) {
    return new TcpSegment(SERVER, 80, CLIENT, sk.localPort(), seq, ack, flags, window, o, len);
  }

  /** The server's SYN-ACK as a default 2.6.32 server sends it: MSS 1460, SACK, TS, wscale 7, window 5840. */
  TcpSegment synAck() {
    return synAck(TcpOptions.mss(1460).withSackOk(true).withTimestamp(PEER_TS, (int) J0).withWscale(7));
  }

  TcpSegment synAck(TcpOptions o) {
    return seg(IRS, ISS + 1, TcpFlags.SYN | TcpFlags.ACK, 5840, o, 0);
  }

  /** Delivers {@code seg} to the client at {@code tMs}, after the timers of that instant. */
  void at(long tMs, TcpSegment seg) {
    sim.newTimer(1, () -> host.receive(seg)).armAt(ms(tMs));
  }

  /** Runs {@code r} at {@code tMs}, after the timers of that instant. */
  void atDo(long tMs, Runnable r) {
    sim.newTimer(1, r).armAt(ms(tMs));
  }

  void runUntilMs(long tMs) {
    sim.runUntil(ms(tMs));
  }

  /** In-order data from the server at {@code seq}, acknowledging our SYN, with a timestamp. */
  TcpSegment data(int seq, int len, int tsval) {
    return seg(seq, ISS + 1, TcpFlags.ACK | TcpFlags.PSH, 46, TcpOptions.NONE.withTimestamp(tsval, (int) J0 + 10), len);
  }

  /** A segment from the server acknowledging {@code ack}, window 46 (scaled by 7: 5888 bytes), no options. */
  TcpSegment ack(int seq, int ack) {
    return seg(seq, ack, TcpFlags.ACK, 46, TcpOptions.NONE, 0);
  }

  /** Connects, delivers the default SYN-ACK at {@code tMs} and runs to that time. */
  void establishAt(long tMs) {
    connect();
    at(tMs, synAck());
    runUntilMs(tMs);
  }

  long mib(MibCounter c) {
    return host.mib().get(c);
  }

  /** The segments the client sent at or after {@code fromMs}. */
  List<Sent> sentFrom(long fromMs) {
    return sent.stream().filter(s -> s.t >= ms(fromMs)).toList();
  }

  /** Everything the application was told, in order, as short strings with the time in ms. */
  final class App implements SockCallbacks {
    final List<String> events = new ArrayList<>();
    long readable;

    @Override
    public void connected(TcpSock s) {
      events.add(sim.now() / 1_000_000L + " connected");
    }

    @Override
    public void error(TcpSock s, Errno err) {
      events.add(sim.now() / 1_000_000L + " error " + err);
    }

    @Override
    public void readable(TcpSock s, int bytes) {
      readable += bytes;
      events.add(sim.now() / 1_000_000L + " readable " + bytes);
    }

    @Override
    public void peerClosed(TcpSock s) {
      events.add(sim.now() / 1_000_000L + " peerClosed");
    }

    @Override
    public void closed(TcpSock s) {
      events.add(sim.now() / 1_000_000L + " closed");
    }
  }
}
