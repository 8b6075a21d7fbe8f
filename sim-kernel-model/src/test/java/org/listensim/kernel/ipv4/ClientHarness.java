package org.listensim.kernel.ipv4;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.net.Network;

/**
 * A 2.6.32 client host (10.0.1.0/24) and a 2.6.32 server host 10.0.0.100 with a listener on port 80,
 * joined by a network with a constant one-way delay (5 ms, Appendix B's assumption), HZ 1000. Every
 * segment either host sends is logged with its time; a drop predicate removes chosen ones.
 */
final class ClientHarness {
  static final int SERVER = Ipv4.parse("10.0.0.100");
  static final int CLIENT = Ipv4.parse("10.0.1.1");

  final Simulator sim = new Simulator(7);
  final Network net = new Network(sim);
  final KernelClock serverClock = KernelClock.atBoot(sim, 1000);
  final KernelClock clientClock = KernelClock.atBoot(sim, 1000);
  final Sysctls serverSysctls = new Sysctls();
  final Sysctls clientSysctls = new Sysctls();
  final List<Sent> log = new ArrayList<>();
  Predicate<TcpSegment> drop = s -> false;
  final Host server;
  final Host client;
  final TcpSock listener;

  record Sent(long t, String from, TcpSegment seg, boolean dropped) {
    long ms() {
      return t / 1_000_000L;
    }
  }

  ClientHarness(int backlog) {
    server = new Host("server", serverClock, serverSysctls, s -> out("server", s));
    client = new Host("client", clientClock, clientSysctls, s -> out("client", s));
    server.setIsnSource((a, b, c, d) -> 0x50000000);
    client.setIsnSource((a, b, c, d) -> 0x10000000);
    server.pinHashRnd(0);
    net.attach(server, SERVER);
    net.attach(client, Ipv4.parse("10.0.1.0"), 24);
    net.addPath("clients", Ipv4.parse("10.0.1.0"), 24, () -> 5_000_000L, 0, 0);
    listener = server.socket();
    server.bind(listener, SERVER, 80);
    server.listen(listener, backlog);
  }

  private void out(String from, TcpSegment s) {
    boolean d = drop.test(s);
    log.add(new Sent(sim.now(), from, s, d));
    if (!d) {
      net.send(s);
    }
  }

  /** A client socket bound to {@code addr} that connects to the server at {@code tMs}. */
  TcpSock connectAt(long tMs, int addr, SockCallbacks cb) {
    TcpSock sk = client.socket();
    sk.laddr = addr;
    sk.setCallbacks(cb);
    sim.newTimer(0, () -> client.connect(sk, SERVER, 80)).armAt(tMs * 1_000_000L);
    return sk;
  }

  /** A finished connection and the server's child for it. */
  record Closed(TcpSock client, TcpSock child) {}

  /**
   * A connection from {@link #CLIENT} opened at 0, accepted at 20 ms and closed by both sides, the one
   * named first at 30 ms and the other at 50 ms; the run goes on to 500 ms, when the side that closed
   * first is in TIME_WAIT.
   */
  Closed connectThenClose(boolean clientClosesFirst) {
    TcpSock first = connectAt(0, CLIENT, null);
    TcpSock[] child = new TcpSock[1];
    at(20, () -> child[0] = server.accept(listener).child());
    at(clientClosesFirst ? 30 : 50, () -> client.close(first));
    at(clientClosesFirst ? 50 : 30, () -> server.close(child[0]));
    sim.runUntil(500_000_000L);
    return new Closed(first, child[0]);
  }

  void at(long tMs, Runnable r) {
    sim.newTimer(1, r).armAt(tMs * 1_000_000L);
  }

  List<Sent> from(String host) {
    return log.stream().filter(s -> s.from.equals(host)).toList();
  }

  /** Times (ms) of the segments a host sent to or from one address that match a predicate. */
  List<Long> times(String host, int peerAddr, Predicate<TcpSegment> p) {
    return log.stream().filter(s -> s.from.equals(host))
        .filter(s -> s.seg.saddr() == peerAddr || s.seg.daddr() == peerAddr)
        .filter(s -> p.test(s.seg)).map(Sent::ms).toList();
  }

  /** Records what the application was told, with times in ms. */
  static final class App implements SockCallbacks {
    final Simulator sim;
    final int writeBytes;
    long connectedMs = -1;
    long errorMs = -1;
    Errno error;
    long readable;

    App(Simulator sim, int writeBytes) {
      this.sim = sim;
      this.writeBytes = writeBytes;
    }

    @Override
    public void connected(TcpSock sk) {
      connectedMs = sim.now() / 1_000_000L;
      if (writeBytes > 0) {
        sk.host().send(sk, writeBytes);
      }
    }

    @Override
    public void error(TcpSock sk, Errno err) {
      errorMs = sim.now() / 1_000_000L;
      error = err;
    }

    @Override
    public void readable(TcpSock sk, int bytes) {
      readable += bytes;
    }
  }
}
