package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class SimTimeTest {

  @Test
  void formatIsExactDecimalSecondsWithoutTrailingZeros() {
    assertThat(SimTime.format(0)).isEqualTo("0s");
    assertThat(SimTime.format(1)).isEqualTo("0.000000001s");
    assertThat(SimTime.format(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(SimTime.format(1_000_000_000L)).isEqualTo("1s");
    assertThat(SimTime.format(1_000_000_000_000L)).as("no exponent").isEqualTo("1000s");
    assertThat(SimTime.format(SimTime.millis(3))).isEqualTo("0.003s");
    assertThat(SimTime.format(-2_500_000L)).isEqualTo("-0.0025s");
    assertThat(SimTime.format(Long.MAX_VALUE)).isEqualTo("9223372036.854775807s");
    assertThat(SimTime.format(Long.MIN_VALUE)).isEqualTo("-9223372036.854775808s");
  }

  /** Reading the text back gives the nanoseconds exactly: no rounding, no exponent. */
  @Test
  void formatRoundTrips(TestInfo test) {
    Theories.check(
        test,
        longs().all(),
        nanos -> {
          String text = SimTime.format(nanos);
          assertThat(text).endsWith("s").doesNotContain("E").doesNotContain("e");
          BigDecimal seconds = new BigDecimal(text.substring(0, text.length() - 1));
          assertThat(seconds.movePointRight(9).longValueExact()).isEqualTo(nanos);
          assertThat(text).doesNotMatch(".*\\.\\d*0s");
        });
  }

  @Test
  void unitConversions() {
    assertThat(SimTime.micros(3)).isEqualTo(3_000L);
    assertThat(SimTime.millis(3)).isEqualTo(3_000_000L);
    assertThat(SimTime.seconds(3)).isEqualTo(3_000_000_000L);
    assertThat(SimTime.seconds(0.2)).isEqualTo(200_000_000L);
    assertThat(SimTime.seconds(1e-9 * 0.5)).as("rounds half up to the nearest ns").isEqualTo(1L);
    assertThat(SimTime.toSeconds(1_500_000_000L)).isEqualTo(1.5);
    assertThat(SimTime.toMillis(2_500_000L)).isEqualTo(2.5);
  }

  @Test
  void conversionsRefuseOverflowAndNonFiniteValues() {
    assertThatThrownBy(() -> SimTime.seconds(Long.MAX_VALUE / 1_000_000_000L + 1))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> SimTime.millis(Long.MIN_VALUE))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> SimTime.micros(Long.MAX_VALUE))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> SimTime.seconds(1e10))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("seconds out of range of long nanoseconds: 1.0E10");
    assertThatThrownBy(() -> SimTime.seconds(-1e10)).isInstanceOf(ArithmeticException.class);
    assertThat(SimTime.seconds(9.2e9))
        .as("just inside the range")
        .isEqualTo(9_200_000_000_000_000_000L);
    assertThat(SimTime.seconds(-9223372036.854775808)).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> SimTime.seconds(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a finite number of seconds: NaN");
    assertThatThrownBy(() -> SimTime.seconds(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
