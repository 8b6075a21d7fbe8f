package org.listensim.bench;

import java.util.concurrent.TimeUnit;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inbound SYNs processed per second by one 2.6.32 listener (one thread, no network: segments go
 * straight to {@code Host.receive}, the server's output is discarded):
 *
 * <ul>
 *   <li>{@code synToFullTable}: backlog 5, the 16-entry SYN table full, syncookies off — every SYN is
 *       the silent drop of tcp_v4_conn_request;
 *   <li>{@code synToCookieFlood}: the same with syncookies on — every SYN gets a cookie SYN-ACK;
 *   <li>{@code acceptedConnection}: SYN, SYN-ACK, third ACK, child, accept(): one whole connection per
 *       operation through a listener that keeps up.
 * </ul>
 *
 * <pre>
 *   mvn -B -q -DskipTests -pl sim-bench -am package
 *   java -jar sim-bench/target/benchmarks.jar ListenerBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ListenerBenchmark {
  private static final int SERVER = Ipv4.parse("10.0.0.100");
  private static final int ISN = 0x50000000;

  private Host full;
  private Host cookies;
  private Host accepting;
  private TcpSock acceptingListener;
  private int src;
  private int port;
  private TcpSock lastListener;

  // Per iteration: accepted children stay in the established table (the application keeps them).
  @Setup(Level.Iteration)
  public void setUp() {
    full = listener(0, 16);
    cookies = listener(1, 16);
    accepting = listener(0, 0);
    acceptingListener = lastListener;
    src = Ipv4.parse("198.51.0.1");
    port = 1024;
  }

  private Host listener(int syncookies, int prefill) {
    Simulator sim = new Simulator(1);
    Sysctls sysctls = new Sysctls().set(Sysctl.TCP_SYNCOOKIES, syncookies);
    Host h = new Host("server", KernelClock.atBoot(sim, 1000), sysctls, seg -> {});
    h.setIsnSource((s, d, sp, dp) -> ISN);
    TcpSock l = h.socket();
    h.bind(l, SERVER, 80);
    h.listen(l, 5);
    for (int i = 1; i <= prefill; i++) {
      h.receive(syn(Ipv4.parse("203.0.113." + i), 20000));
    }
    lastListener = l;
    return h;
  }

  private static TcpSegment syn(int addr, int port) {
    return new TcpSegment(addr, port, SERVER, 80, 1000, 0, TcpFlags.SYN, 5840, TcpOptions.mss(1460), 0);
  }

  private void next() {
    if (++port > 65535) {
      port = 1024;
      src++;
    }
  }

  @Benchmark
  public void synToFullTable() {
    next();
    full.receive(syn(src, port));
  }

  @Benchmark
  public void synToCookieFlood() {
    next();
    cookies.receive(syn(src, port));
  }

  @Benchmark
  public Object acceptedConnection() {
    next();
    accepting.receive(syn(src, port));
    accepting.receive(new TcpSegment(src, port, SERVER, 80, 1001, ISN + 1, TcpFlags.ACK, 46, TcpOptions.NONE, 0));
    return accepting.accept(acceptingListener).child();
  }
}
