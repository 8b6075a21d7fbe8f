package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelTrace;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.ScenarioRunner;

/**
 * The two ways the absolute clock shows through in 2.6.32, each worked through on a scenario the
 * time-shift property found (MetamorphicPropertiesTest#shiftingByWholeMinutesChangesNoOutcome, which skips
 * such pairs; docs/testing.md, "Explained findings"). Both are the kernel's behaviour, not model bugs.
 */
class AbsoluteClockTest {
  private static final long MS = 1_000_000;

  private static List<RunResult.EmittedSegment> sent(GeneratedScenario g) {
    return ScenarioRunner.run(g.scenario(), RunOptions.DEFAULT).emitted();
  }

  private static RunResult.EmittedSegment at(List<RunResult.EmittedSegment> sent, String flags, String dst,
      long nanos) {
    return sent.stream().filter(e -> e.flags().equals(flags) && e.dst().equals(dst) && e.timeNanos() == nanos)
        .findFirst().orElseThrow(() -> new AssertionError("no " + flags + " to " + dst + " at " + nanos + " ns"));
  }

  /** The TSecr of the bare ACK from {@code peer} that the server turns into a cookie child at {@code nanos}. */
  private static long lateAckEcho(GeneratedScenario g, long nanos, String peer) {
    long[] tsecr = {-1};
    KernelTrace.Segment[] ack = {null};
    ScenarioRunner.run(g.scenario(), RunOptions.DEFAULT, (t, r) -> {
      if (t == nanos && r instanceof KernelTrace.Segment s && s.type().equals("seg-in") && s.host().equals("server")
          && Ipv4.format(s.seg().saddr(), s.seg().sport()).equals(peer)) {
        ack[0] = s;
      } else if (t == nanos && ack[0] != null && r instanceof KernelTrace.Listen l && l.type().equals("child-queued")
          && l.detail().startsWith("cookie") && l.peer().equals(peer)) {
        tsecr[0] = Integer.toUnsignedLong(ack[0].seg().options().tsecr());
      }
    });
    assertThat(tsecr[0]).as("a cookie child from a late ACK of %s at %d ns", peer, nanos).isNotNegative();
    return tsecr[0];
  }

  private static String skipReason(GeneratedScenario g) {
    MetamorphicPropertiesTest.AbsoluteClock c = new MetamorphicPropertiesTest.AbsoluteClock();
    ScenarioRunner.run(g.scenario(), RunOptions.DEFAULT, c);
    return c.seen();
  }

  /**
   * One client, 5 % loss each way, a 3000-byte request, timestamps, HZ 1000, seed 31. Shifted by 5 minutes
   * its server receives two more segments and sends two more ACKs, because the client's first SYN leaves
   * at 300.000 s after boot, when its 32-bit {@code tcp_time_stamp} (jiffies from INITIAL_JIFFIES =
   * −300·HZ) is 0.
   *
   * <ol>
   *   <li>The first SYN-ACK is lost; the retransmitted SYN (TSval 3000) only makes tcp_check_req resend the
   *       SYN-ACK, so the request's {@code ts_recent} is still the first SYN's TSval and the SYN-ACK echoes
   *       it: 4294667296 = (u32)(−300·1000) unshifted, 0 shifted.
   *   <li>{@code tcp_ack_update_rtt} takes a sample from the echo only when it is non-zero (a zero echo is
   *       ignored, RFC 1323), and the SYN was retransmitted, so Karn's rule gives none either. Unshifted
   *       the client measures 3002 ms (from its first SYN) and its RTO becomes 3 × 3002 ms; shifted its
   *       first sample is the 2 ms of the first data ACK and its RTO 2 ms + TCP_RTO_MIN = 202 ms.
   *   <li>The request's second segment is lost. Shifted, the client retransmits it 202 ms after the ACK it
   *       got at 3.004 s (the server ACKs it at 3.207 s), then the third (3.411 s); unshifted its RTO runs
   *       past the end of the run at 6 s.
   * </ol>
   */
  @Test
  void tcpAckUpdateRtt_ignoresAZeroEcho_soAClientWhoseSynLeftAt300sRetransmitsAfter202Ms() {
    GeneratedScenario.Clients c = new GeneratedScenario.Clients("c0", "count", 1, 0, 0, List.of(), 0, 0, 6000,
        "10.1.0.0/24", "1ms", 0.05, 0.05, 3000, true);
    GeneratedScenario g = new GeneratedScenario("zero-timestamp", 31, 1000, 6000, Map.of(), 5, 0,
        new GeneratedScenario.App("workers", 0, 1, "1ms", List.of(), 0, false), List.of(c), List.of(), Map.of());
    long shift = 300_000;
    List<RunResult.EmittedSegment> a = sent(g);
    List<RunResult.EmittedSegment> b = sent(g.shiftedBy(shift));

    String client = a.get(0).dst();
    assertThat(at(a, "SA", client, 3001 * MS).tsecr()).isEqualTo(4_294_667_296L);
    assertThat(at(b, "SA", client, (shift + 3001) * MS).tsecr()).isZero();

    assertThat(a.get(a.size() - 1).timeNanos()).isEqualTo(3003 * MS);
    List<Long> later = b.stream().map(e -> e.timeNanos() / MS - shift).filter(ms -> ms > 3003).toList();
    assertThat(later).containsExactly(3207L, 3411L);
    assertThat(b).hasSize(a.size() + 2);

    assertThat(skipReason(g)).isNull();
    assertThat(skipReason(g.shiftedBy(shift))).startsWith("a segment with TSval 0")
        .contains("host=clients/c0").contains(" S seq ").contains("TS val 0 ecr 0");
  }

  /**
   * Syncookies on, a 16-entry SYN table flooded, clients at 61/s with loss, HZ 250, seed 27. The server's
   * 100-byte reply to 10.1.0.52:41341 at 874.306229 ms goes out as 92 bytes; shifted by one minute, as
   * 100. That client's connection was made from a cookie; a late duplicate ACK of it (its sequence and
   * acknowledgement numbers still pass {@code cookie_v4_check} against ack − 1 and seq − 1) reaches the
   * listener at 873.306229 ms and becomes a new child. {@code cookie_check_timestamp} takes the child's
   * window scaling from the low 9 bits of the ACK's TSecr — here an ordinary echo of the server's clock,
   * not a cookie TSval: 0x1e1 unshifted (snd_wscale 1: a window of 46 × 2 = 92 bytes), 0x079 shifted
   * (snd_wscale 9: 46 × 2^9 bytes, room for all 100). One minute is 15000 ticks at HZ 250, and 15000 mod
   * 512 = 152 = 0x98, so the low 9 bits differ by that much.
   */
  @Test
  void cookieCheckTimestamp_readsTheOptionsFromAnyEcho_soALateAckGetsItsWindowScaleFromTheClock() {
    Map<String, Integer> sysctls = new LinkedHashMap<>();
    sysctls.put("net.ipv4.tcp_max_syn_backlog", 16);
    sysctls.put("net.ipv4.tcp_synack_retries", 0);
    sysctls.put("net.ipv4.tcp_syn_retries", 1);
    sysctls.put("net.ipv4.tcp_syncookies", 1);
    GeneratedScenario.Clients c = new GeneratedScenario.Clients("c0", "rate", 0, 0, 61, List.of(), 0, 0, 916,
        "10.1.0.0/24", "uniform(1ms, 3ms)", 0.05, 0.1, 100, true);
    GeneratedScenario.Flood f = new GeneratedScenario.Flood("f0", 31, "198.51.100.0/24", 34, 797, false, false,
        false, "exponential(2ms)");
    GeneratedScenario g = new GeneratedScenario("cookie-echo", 27, 250, 1400, sysctls, 52, 0,
        new GeneratedScenario.App("workers", 0, 2, "1ms", List.of(), 100, false), List.of(c), List.of(f),
        Map.of());
    long shift = 60_000;
    String client = "10.1.0.52:41341";

    assertThat(lateAckEcho(g, 873_306_229L, client) & 0x1ff).isEqualTo(0x1e1);
    assertThat(lateAckEcho(g.shiftedBy(shift), shift * MS + 873_306_229L, client) & 0x1ff).isEqualTo(0x079);
    assertThat(at(sent(g), "PA", client, 874_306_229L).len()).isEqualTo(92);
    assertThat(at(sent(g.shiftedBy(shift)), "PA", client, shift * MS + 874_306_229L).len()).isEqualTo(100);

    assertThat(skipReason(g)).startsWith("a cookie SYN-ACK with a timestamp");
  }
}
