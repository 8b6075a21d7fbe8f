package org.listensim.bench;

import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;

/**
 * Heap cost of established client connections: N client sockets of one Host (a /16 pool) complete
 * their handshake against scripted SYN-ACKs and stay ESTABLISHED with their timers idle. Run:
 * {@code java -Xmx2g -cp sim-bench/target/benchmarks.jar org.listensim.bench.ConnectionFootprint 1000000}.
 */
public final class ConnectionFootprint {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Simulator sim = new Simulator(1);
    int server = Ipv4.parse("10.0.0.100");
    Host[] self = new Host[1];
    Host client = new Host("clients", KernelClock.atBoot(sim, 1000), new Sysctls(), seg -> {
      // The "server": answer each SYN at once with a SYN-ACK (delivered as an event, like a network).
      if (seg.flags() == org.listensim.kernel.TcpFlags.SYN) {
        var sa = new org.listensim.kernel.TcpSegment(seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), 7,
            seg.seq() + 1, org.listensim.kernel.TcpFlags.SYN | org.listensim.kernel.TcpFlags.ACK, 5792,
            org.listensim.kernel.TcpOptions.mss(1460).withSackOk(true).withTimestamp(1, seg.options().tsval())
                .withWscale(7), 0);
        sim.newTimer(1, () -> self[0].receive(sa)).armAfter(1_000_000L);
      }
    });
    self[0] = client;
    int base = Ipv4.parse("10.8.0.0");
    long before = used();
    TcpSock[] keep = new TcpSock[n];
    for (int i = 0; i < n; i++) {
      TcpSock sk = client.socket();
      client.bind(sk, base + (i % 65536), 0);
      client.connect(sk, server, 80);
      keep[i] = sk;
      if (i % 100_000 == 99_999) {
        sim.runUntil(sim.now() + 2_000_000L);
      }
    }
    sim.runUntil(sim.now() + 10_000_000L);
    long after = used();
    int est = client.establishedCount();
    System.out.printf("%d connections (%d in the table), %d bytes of heap, %.1f bytes per connection%n",
        n, est, after - before, (after - before) / (double) n);
    System.out.println(keep[n - 1].state() + " " + sim.pendingEvents() + " pending events");
  }

  private static long used() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
