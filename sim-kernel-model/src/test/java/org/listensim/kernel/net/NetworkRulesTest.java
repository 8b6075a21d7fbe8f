package org.listensim.kernel.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;

/**
 * The network between hosts: who owns an address (single addresses, then blocks in the order added),
 * default source addresses, segments to nobody, per-direction losses with their own random stream, and
 * delivery after the path's delay.
 */
class NetworkRulesTest {
  private static final int SERVER = Ipv4.parse("10.0.0.100");
  private static final int ATTACKER = Ipv4.parse("203.0.113.1");

  private static Host host(Simulator sim, Network net, String name) {
    return new Host(name, KernelClock.atBoot(sim, 1000), new Sysctls(), net.output());
  }

  private static TcpSegment seg(int saddr, int daddr, int flags) {
    return new TcpSegment(saddr, 40000, daddr, 80, 1000, 0, flags, 5840, TcpOptions.NONE, 0);
  }

  @Test
  void ownerOf_singleAddressesThenBlocksOfAnyPrefixFrom0To32() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Host a = host(sim, net, "a");
    Host b = host(sim, net, "b");
    Host c = host(sim, net, "c");
    net.attach(a, SERVER);
    net.attach(b, Ipv4.parse("10.0.1.0"), 24);
    net.attach(c, Ipv4.parse("192.168.5.5"), 32);
    assertThat(net.ownerOf(SERVER)).isSameAs(a);
    assertThat(net.ownerOf(Ipv4.parse("10.0.1.0"))).isSameAs(b);
    assertThat(net.ownerOf(Ipv4.parse("10.0.1.255"))).isSameAs(b);
    assertThat(net.ownerOf(Ipv4.parse("10.0.2.1"))).isNull();
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.99"))).isNull();
    assertThat(net.ownerOf(Ipv4.parse("192.168.5.5"))).isSameAs(c);
    assertThat(net.ownerOf(Ipv4.parse("192.168.5.4"))).isNull();

    Host everyone = host(sim, net, "everyone");
    net.attach(everyone, Ipv4.parse("1.2.3.4"), 0);
    assertThat(net.ownerOf(Ipv4.parse("10.0.2.1"))).isSameAs(everyone);
    assertThat(net.ownerOf(Ipv4.parse("10.0.1.9"))).as("an earlier block first").isSameAs(b);
    assertThat(net.ownerOf(SERVER)).as("a single address first").isSameAs(a);

    assertThatThrownBy(() -> net.attach(a, SERVER, 33)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> net.attach(a, SERVER, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Single addresses attached in any order are each found; attaching one again hands it to the later host. */
  @Test
  void attach_singleAddressesInAnyOrderAreEachFound_andTheLastAttachWins() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    String[] addrs = {"10.0.0.50", "10.0.0.10", "10.0.0.90", "10.0.0.30", "10.0.0.70", "10.0.0.20"};
    Host[] hosts = new Host[addrs.length];
    for (int i = 0; i < addrs.length; i++) {
      hosts[i] = host(sim, net, "h" + i);
      net.attach(hosts[i], Ipv4.parse(addrs[i]));
    }
    for (int i = 0; i < addrs.length; i++) {
      assertThat(net.ownerOf(Ipv4.parse(addrs[i]))).as(addrs[i]).isSameAs(hosts[i]);
    }
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.40"))).isNull();
    Host later = host(sim, net, "later");
    net.attach(later, Ipv4.parse("10.0.0.10"));
    net.attach(later, Ipv4.parse("10.0.0.90"));
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.10"))).isSameAs(later);
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.90"))).isSameAs(later);
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.20"))).isSameAs(hosts[5]);
    assertThat(net.ownerOf(Ipv4.parse("10.0.0.50"))).isSameAs(hosts[0]);
  }

  /** A host's first address (a block's base) becomes its default source; later ones do not replace it. */
  @Test
  void attach_theFirstAddressIsTheDefaultSourceOfConnect() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Host a = host(sim, net, "a");
    net.attach(a, Ipv4.parse("10.0.0.5"));
    net.attach(a, Ipv4.parse("10.0.0.6"));
    assertThat(a.defaultAddress()).isEqualTo(Ipv4.parse("10.0.0.5"));
    TcpSock sk = a.socket();
    assertThat(a.connect(sk, SERVER, 80)).isZero();
    assertThat(sk.localAddress()).isEqualTo(Ipv4.parse("10.0.0.5"));

    Host b = host(sim, net, "b");
    net.attach(b, Ipv4.parse("10.0.1.7"), 24);
    net.attach(b, Ipv4.parse("10.0.2.0"), 24);
    assertThat(b.defaultAddress()).isEqualTo(Ipv4.parse("10.0.1.0"));
  }

  /**
   * A segment to an address nobody owns vanishes: the network counts it, and so does the sending host
   * when it owns the source. Here the server's RST|ACK to a spoofed source is one; an attacker's segment
   * to nobody is counted by the network only.
   */
  @Test
  void send_aSegmentToNobodyVanishesAndIsCountedByTheNetworkAndItsSender() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Host server = host(sim, net, "server");
    net.attach(server, SERVER);
    net.send(seg(ATTACKER, Ipv4.parse("10.9.9.9"), TcpFlags.SYN));
    assertThat(net.counter(SimCounter.SEGMENT_TO_UNKNOWN_ADDRESS)).isEqualTo(1);
    net.send(seg(ATTACKER, SERVER, TcpFlags.SYN));
    assertThat(net.delivered()).isZero();
    sim.runUntil(1_000_000L);
    assertThat(net.delivered()).isEqualTo(1);
    assertThat(server.mib().get(MibCounter.IN_SEGS)).isEqualTo(1);
    // No listener: the server's RST|ACK goes back to the spoofed source, which nobody owns.
    assertThat(server.mib().get(MibCounter.OUT_RSTS)).isEqualTo(1);
    assertThat(net.counter(SimCounter.SEGMENT_TO_UNKNOWN_ADDRESS)).isEqualTo(2);
    assertThat(server.mib().get(SimCounter.SEGMENT_TO_UNKNOWN_ADDRESS)).isEqualTo(1);
    assertThat(net.counter(SimCounter.SEGMENT_LOST)).isZero();
  }

  /**
   * A path's loss depends on the direction: everything from the block is lost (counted by the network
   * and the sending host), nothing to it; what survives arrives after the path's 5 ms, not before.
   */
  @Test
  void send_lossAppliesByDirectionAndSurvivorsArriveAfterThePathDelay() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Host server = host(sim, net, "server");
    Host clients = host(sim, net, "clients");
    net.attach(server, SERVER);
    net.attach(clients, Ipv4.parse("10.0.1.0"), 24);
    net.addPath("lossy", Ipv4.parse("10.0.1.0"), 24, () -> 5_000_000L, 1.0, 0.0);
    TcpSock sk = clients.socket();
    assertThat(clients.connect(sk, SERVER, 80)).isZero();
    assertThat(net.counter(SimCounter.SEGMENT_LOST)).isEqualTo(1);
    assertThat(clients.mib().get(SimCounter.SEGMENT_LOST)).isEqualTo(1);

    net.send(seg(SERVER, Ipv4.parse("10.0.1.5"), TcpFlags.RST | TcpFlags.ACK));
    sim.runUntil(4_999_999L);
    assertThat(net.delivered()).isZero();
    sim.runUntil(5_000_000L);
    assertThat(net.delivered()).isEqualTo(1);
    assertThat(clients.mib().get(MibCounter.IN_SEGS)).isEqualTo(1);
    assertThat(net.counter(SimCounter.SEGMENT_LOST)).isEqualTo(1);
  }

  /**
   * A lossless direction draws nothing from the path's loss stream: the losses of the lossy direction
   * are the same whether or not segments also cross the other way in between.
   */
  @Test
  void send_aLosslessDirectionDoesNotDisturbTheLossesOfTheOther() {
    assertThat(lossPattern(true)).isEqualTo(lossPattern(false))
        .contains(true, false);
  }

  private static List<Boolean> lossPattern(boolean crossTraffic) {
    Simulator sim = new Simulator(42);
    Network net = new Network(sim);
    Host server = host(sim, net, "server");
    Host clients = host(sim, net, "clients");
    net.attach(server, SERVER);
    net.attach(clients, Ipv4.parse("10.0.1.0"), 24);
    net.addPath("half", Ipv4.parse("10.0.1.0"), 24, () -> 1_000_000L, 0.5, 0.0);
    List<Boolean> lost = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (crossTraffic) {
        net.send(seg(SERVER, Ipv4.parse("10.0.1.9"), TcpFlags.ACK));
      }
      long before = net.counter(SimCounter.SEGMENT_LOST);
      net.send(seg(Ipv4.parse("10.0.1.9"), SERVER, TcpFlags.ACK));
      lost.add(net.counter(SimCounter.SEGMENT_LOST) > before);
    }
    return lost;
  }
}
