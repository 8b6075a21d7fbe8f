package org.listensim.bench;

import java.util.concurrent.TimeUnit;
import org.listensim.kernel.syncookies.SyncookieSecret;
import org.listensim.kernel.syncookies.Syncookies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Syncookies generated and checked per second by one thread: the cost a SYN flood puts on the model.
 * Each cookie is two SHA-1 block functions; a check of a genuine cookie is two as well.
 *
 * <pre>
 *   mvn -B -q -DskipTests -pl sim-bench -am package
 *   java -jar sim-bench/target/benchmarks.jar Syncookie -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SyncookieBenchmark {
  private static final int HZ = 1000;
  private static final int SERVER = 0x0A000064; // 10.0.0.100
  private static final long JIFFIES = (1L << 32) + 123_456;

  private Syncookies cookies;
  private SyncookieSecret secret;
  private int client;
  private int port;
  private int isn;
  private int cookie;

  @Setup
  public void setUp() {
    secret = SyncookieSecret.fromSeed(1);
    cookies = new Syncookies(secret);
    client = 0xC0000201; // 192.0.2.1
    port = 1024;
    isn = 0x1234_5678;
    cookie = cookies.cookieV4InitSequence(client, SERVER, port, 80, isn, 1460, JIFFIES, HZ);
  }

  /** A flood: every SYN from a new source port and ISN, as spoofed SYNs are. */
  @Benchmark
  public int cookieV4InitSequence() {
    port = port == 65535 ? 1024 : port + 1;
    isn += 0x9E3779B9;
    return cookies.cookieV4InitSequence(client, SERVER, port, 80, isn, 1460, JIFFIES, HZ);
  }

  /** The same through the allocating static form, for comparison. */
  @Benchmark
  public int secureTcpSynCookieStatic() {
    port = port == 65535 ? 1024 : port + 1;
    isn += 0x9E3779B9;
    return Syncookies.secureTcpSynCookie(client, SERVER, port, 80, isn, 71582, 6, secret);
  }

  /** Checking a genuine third ACK. */
  @Benchmark
  public int cookieCheck() {
    return cookies.cookieCheck(client, SERVER, 1024, 80, 0x1234_5679, cookie + 1, JIFFIES, HZ);
  }
}
