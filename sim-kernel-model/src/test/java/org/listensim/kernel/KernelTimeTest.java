package org.listensim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;

/** get_seconds(), del_timer(), net_ratelimit() and the dotted-quad form of addresses. */
class KernelTimeTest {

  /** get_seconds() is the boot wall clock plus whole elapsed seconds. */
  @Test
  void getSeconds_countsWholeSecondsFromBootWallClock() {
    Simulator sim = new Simulator(1);
    KernelClock c = KernelClock.atBoot(sim, 1000);
    assertThat(c.getSeconds()).isEqualTo(1_262_304_000L);
    sim.runUntil(2_999_999_999L);
    assertThat(c.getSeconds()).isEqualTo(1_262_304_002L);
    sim.runUntil(3_000_000_000L);
    assertThat(c.getSeconds()).isEqualTo(1_262_304_003L);
  }

  /** del_timer returns 1 for a pending timer (and stops it), 0 otherwise. */
  @Test
  void delTimer_returnsWhetherTheTimerWasPending() {
    Simulator sim = new Simulator(1);
    KernelClock c = KernelClock.atBoot(sim, 1000);
    List<Long> fired = new ArrayList<>();
    KernelTimer t = new KernelTimer(c, () -> fired.add(c.jiffies()));
    assertThat(t.delTimer()).isFalse();
    t.modTimer(c.jiffies() + 10);
    assertThat(t.delTimer()).isTrue();
    assertThat(t.delTimer()).isFalse();
    sim.runUntil(20_000_000L);
    assertThat(fired).isEmpty();
  }

  /**
   * __ratelimit with net_ratelimit_state (5·HZ, burst 10): ten messages pass, then none until jiffies
   * is strictly after begin + 5·HZ. That call passes and clears begin; the next call starts the new
   * interval, so a burst later in it is limited from there.
   */
  @Test
  void netRatelimit_tenPerFiveSecondsFromTheFirstOfAnInterval() {
    Simulator sim = new Simulator(1);
    KernelClock c = KernelClock.atBoot(sim, 1000);
    NetRatelimit r = new NetRatelimit(c);
    List<Boolean> first = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      first.add(r.allow());
    }
    assertThat(first).containsExactly(true, true, true, true, true, true, true, true, true, true, false);
    sim.runUntil(5_000_000_000L);
    assertThat(r.allow()).as("at begin + 5 s exactly").isFalse();
    sim.runUntil(5_001_000_000L);
    assertThat(r.allow()).as("1 ms later").isTrue();
    sim.runUntil(9_000_000_000L);
    for (int i = 0; i < 9; i++) {
      assertThat(r.allow()).as("call %d at 9 s", i).isTrue();
    }
    assertThat(r.allow()).isFalse();
    sim.runUntil(10_002_000_000L);
    assertThat(r.allow()).as("the interval began at 9 s").isFalse();
    sim.runUntil(14_001_000_000L);
    assertThat(r.allow()).isTrue();
  }

  /** Dotted quads: every octet 0..255 with at most three digits; the form is unsigned. */
  @Test
  void ipv4_parseAndFormat() {
    assertThat(Ipv4.parse("255.255.255.255")).isEqualTo(-1);
    assertThat(Ipv4.parse("0.0.0.0")).isZero();
    assertThat(Ipv4.format(0xC0A80114)).isEqualTo("192.168.1.20");
    assertThat(Ipv4.format(-1, 65535)).isEqualTo("255.255.255.255:65535");
    assertThatThrownBy(() -> Ipv4.parse("1.2.3.256")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4.parse("1.2.3.0255")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4.parse("1.2.3")).isInstanceOf(IllegalArgumentException.class);
  }
}
