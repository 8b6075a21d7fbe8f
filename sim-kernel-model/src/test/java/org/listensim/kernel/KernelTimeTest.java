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
