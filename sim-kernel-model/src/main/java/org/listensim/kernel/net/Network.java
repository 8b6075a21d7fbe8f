package org.listensim.kernel.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.listensim.core.Simulator;
import org.listensim.core.Timer;
import org.listensim.kernel.SegmentOutput;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;

/**
 * The network between hosts: who owns which address, and per path a one-way delay and a loss
 * probability per direction. Each segment that survives is delivered as an engine event in phase
 * {@link #DELIVERY_PHASE}, so the receiving host's timers of the same instant run first. A segment to
 * an address no host owns vanishes (a spoofed source's SYN-ACK), counted as
 * {@link SimCounter#SEGMENT_TO_UNKNOWN_ADDRESS} by the network and by the sending host when one owns
 * the source address; a lost one as {@link SimCounter#SEGMENT_LOST}.
 *
 * <p>A path belongs to an address block (a client population or an attacker's pool): segments from the
 * block use its {@code lossFromBlock}, segments to it its {@code lossToBlock}; both directions draw
 * their delay from the path's sampler. Loss draws come from the stream {@code net/<path>/loss}.
 * Segments matching no path arrive at once without loss.
 *
 * <p>A segment in flight is a {@link Delivery}: an engine timer with the segment and its receiver.
 * Deliveries are reused once delivered (a run sends millions of segments, few at a time), which cannot
 * change the event order: that comes from the time and sequence of each arm.
 */
public final class Network {
  /** Engine phase of deliveries: after kernel timers (phase 0) of the same instant. */
  public static final int DELIVERY_PHASE = 1;

  private final Simulator sim;
  /** Addresses attached one by one, ascending, and their hosts: binary search, no boxing per segment. */
  private int[] singleAddresses = new int[0];
  private Host[] singleHosts = new Host[0];
  private final List<Block<Host>> blocks = new ArrayList<>();
  private final List<Block<Path>> paths = new ArrayList<>();
  private final long[] counters = new long[SimCounter.values().length];
  private long delivered;
  private Delivery free;

  /** A segment on its way to a host. */
  private final class Delivery extends Timer {
    TcpSegment seg;
    Host dst;
    Delivery nextFree;

    Delivery() {
      super(sim, DELIVERY_PHASE);
    }

    @Override
    protected void fire() {
      TcpSegment s = seg;
      Host h = dst;
      // Free before the receiver runs: what it sends may reuse this delivery.
      seg = null;
      dst = null;
      nextFree = free;
      free = this;
      delivered++;
      h.receive(s);
    }
  }

  private record Block<T>(int base, int mask, T value) {
    boolean contains(int addr) {
      return (addr & mask) == base;
    }
  }

  /** A path's delay sampler and loss probabilities. */
  public static final class Path {
    final String name;
    final LongSupplier delayNanos;
    final double lossFromBlock;
    final double lossToBlock;
    final UniformRandomProvider lossRng;

    Path(String name, LongSupplier delayNanos, double lossFromBlock, double lossToBlock,
        UniformRandomProvider lossRng) {
      this.name = name;
      this.delayNanos = delayNanos;
      this.lossFromBlock = lossFromBlock;
      this.lossToBlock = lossToBlock;
      this.lossRng = lossRng;
    }

    public String name() {
      return name;
    }
  }

  public Network(Simulator sim) {
    this.sim = sim;
  }

  private static int mask(int prefixLength) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
    }
    return prefixLength == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - prefixLength));
  }

  /** What hosts transmit into: {@code new Host(name, clock, sysctls, network.output())}. */
  public SegmentOutput output() {
    return this::send;
  }

  /** The host owns this address; it becomes the host's default source address if it has none. */
  public void attach(Host host, int address) {
    int i = Arrays.binarySearch(singleAddresses, address);
    if (i >= 0) {
      singleHosts[i] = host;
    } else {
      int at = -i - 1;
      int n = singleAddresses.length;
      int[] a = new int[n + 1];
      Host[] h = new Host[n + 1];
      System.arraycopy(singleAddresses, 0, a, 0, at);
      System.arraycopy(singleHosts, 0, h, 0, at);
      a[at] = address;
      h[at] = host;
      System.arraycopy(singleAddresses, at, a, at + 1, n - at);
      System.arraycopy(singleHosts, at, h, at + 1, n - at);
      singleAddresses = a;
      singleHosts = h;
    }
    if (host.defaultAddress() == 0) {
      host.setDefaultAddress(address);
    }
  }

  /** The host owns every address of the block (a client population's pool). */
  public void attach(Host host, int base, int prefixLength) {
    int m = mask(prefixLength);
    blocks.add(new Block<>(base & m, m, host));
    if (host.defaultAddress() == 0) {
      host.setDefaultAddress(base & m);
    }
  }

  /**
   * A path for the address block: one-way delays from {@code delayNanos} (both directions), losses with
   * the given probabilities. The first path added whose block holds the segment's source, else its
   * destination, applies.
   */
  public Path addPath(String name, int base, int prefixLength, LongSupplier delayNanos, double lossFromBlock,
      double lossToBlock) {
    int m = mask(prefixLength);
    Path p = new Path(name, delayNanos, lossFromBlock, lossToBlock, sim.random().stream("net/" + name + "/loss"));
    paths.add(new Block<>(base & m, m, p));
    return p;
  }

  /** The host owning the address, or null. */
  public Host ownerOf(int addr) {
    int i = Arrays.binarySearch(singleAddresses, addr);
    if (i >= 0) {
      return singleHosts[i];
    }
    for (int j = 0, n = blocks.size(); j < n; j++) {
      Block<Host> b = blocks.get(j);
      if (b.contains(addr)) {
        return b.value;
      }
    }
    return null;
  }

  /** What the network itself counted (segments to unknown addresses, losses). */
  public long counter(SimCounter c) {
    return counters[c.ordinal()];
  }

  /** Segments handed to a host so far. */
  public long delivered() {
    return delivered;
  }

  /** Sends a segment from wherever it came (a host, or an attacker that is no host). */
  public void send(TcpSegment seg) {
    Host dst = ownerOf(seg.daddr());
    if (dst == null) {
      count(seg, SimCounter.SEGMENT_TO_UNKNOWN_ADDRESS);
      return;
    }
    long delay = 0;
    Path path = null;
    boolean fromBlock = false;
    for (int i = 0, n = paths.size(); i < n; i++) {
      Block<Path> b = paths.get(i);
      if (b.contains(seg.saddr())) {
        path = b.value;
        fromBlock = true;
        break;
      }
      if (b.contains(seg.daddr())) {
        path = b.value;
        break;
      }
    }
    if (path != null) {
      double loss = fromBlock ? path.lossFromBlock : path.lossToBlock;
      if (loss > 0 && path.lossRng.nextDouble() < loss) {
        count(seg, SimCounter.SEGMENT_LOST);
        return;
      }
      delay = Math.max(0, path.delayNanos.getAsLong());
    }
    Delivery d = free;
    if (d == null) {
      d = new Delivery();
    } else {
      free = d.nextFree;
      d.nextFree = null;
    }
    d.seg = seg;
    d.dst = dst;
    d.armAt(sim.now() + delay);
  }

  private void count(TcpSegment seg, SimCounter c) {
    counters[c.ordinal()]++;
    Host src = ownerOf(seg.saddr());
    if (src != null) {
      src.mib().inc(c);
    }
  }
}
