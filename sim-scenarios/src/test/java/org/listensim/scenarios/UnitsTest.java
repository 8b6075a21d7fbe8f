package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.scenarios.workload.AddressPool;
import org.listensim.scenarios.workload.Distribution;

class UnitsTest {
  @Test
  void durationsWithUnitsAreExactNanoseconds() {
    assertThat(Units.duration("0")).isZero();
    assertThat(Units.duration("1ns")).isEqualTo(1);
    assertThat(Units.duration("250us")).isEqualTo(250_000);
    assertThat(Units.duration("100ms")).isEqualTo(100_000_000);
    assertThat(Units.duration("1.5s")).isEqualTo(1_500_000_000);
    assertThat(Units.duration("10.003s")).isEqualTo(10_003_000_000L);
    assertThat(Units.duration("2min")).isEqualTo(120_000_000_000L);
    assertThat(Units.duration("1h")).isEqualTo(3_600_000_000_000L);
  }

  @Test
  void malformedDurationsAreRefused() {
    for (String bad : List.of("", "5", "5 secs", "-1s", "1.5ns", "s", "1e3s", "1000000000h")) {
      assertThatThrownBy(() -> Units.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("a duration");
    }
  }

  @Test
  void ratesArePerSecond() {
    assertThat(Units.ratePerSecond("100/s")).isEqualTo(100.0);
    assertThat(Units.ratePerSecond("5/ms")).isEqualTo(5000.0);
    assertThat(Units.ratePerSecond("600/min")).isEqualTo(10.0);
    assertThat(Units.ratePerSecond("0.5/s")).isEqualTo(0.5);
    for (String bad : List.of("0/s", "-5/s", "100", "5/fortnight", "/s")) {
      assertThatThrownBy(() -> Units.ratePerSecond(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void cidrBlocksAreNormalised() {
    assertThat(Units.cidr("10.1.2.3/24")).isEqualTo(new AddressPool(Ipv4.parse("10.1.2.0"), 24));
    assertThat(Units.cidr("10.0.0.1/32").size()).isEqualTo(1);
    assertThat(Units.cidr("0.0.0.0/0").size()).isEqualTo(1L << 32);
    for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "1.2.3/24", "10.0.0.0/-1", "10.0.0.0/", "a.b.c.d/8")) {
      assertThatThrownBy(() -> Units.cidr(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void distributionsTakeDurationsInNanoseconds() {
    assertThat(Units.distribution("1ms")).isEqualTo(Distribution.constant(1_000_000));
    assertThat(Units.distribution("exponential(20ms)"))
        .isEqualTo(new Distribution("exponential", List.of(20_000_000.0)));
    assertThat(Units.distribution("uniform(1ms, 3ms)"))
        .isEqualTo(new Distribution("uniform", List.of(1_000_000.0, 3_000_000.0)));
    assertThat(Units.distribution("weibull(1.5, 10ms)"))
        .isEqualTo(new Distribution("weibull", List.of(1.5, 10_000_000.0)));
    assertThat(Units.distribution("lognormal(1ms, 0.5)").params().get(0)).isEqualTo(Math.log(1_000_000.0));
    for (String bad : List.of("zipf(1)", "exponential()", "uniform(3ms, 1ms)", "gamma(-1, 1ms)", "normal(1ms)")) {
      assertThatThrownBy(() -> Units.distribution(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void formatDurationIsTheShortestExactForm() {
    assertThat(Units.formatDuration(1_500_000_000L)).isEqualTo("1500ms");
    assertThat(Units.formatDuration(2_000_000_000L)).isEqualTo("2s");
    assertThat(Units.formatDuration(0)).isEqualTo("0");
  }
}
