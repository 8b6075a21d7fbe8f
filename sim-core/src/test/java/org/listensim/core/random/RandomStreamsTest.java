package org.listensim.core.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

  /**
   * Pins the derivation: these values were computed outside Java (Python's hashlib and a
   * transcription of the published xoshiro256++ C code). If they change, every trace digest of
   * every run changes.
   */
  @Test
  void goldenFirstValuesOfSeed42StreamX() {
    UniformRandomProvider x = RandomStreams.create(42, "x");
    assertThat(x.nextLong()).isEqualTo(1824890166877623257L);
    assertThat(x.nextLong()).isEqualTo(5238474063304961965L);
    assertThat(x.nextLong()).isEqualTo(-3660802408253562267L);
  }

  @Test
  void goldenStateOfSeed42StreamX() {
    assertThat(RandomStreams.stateOf(42, "x"))
        .containsExactly(
            0x230965a9eedadb82L, 0xf4acfdfd22dfd92dL, 0x6b3b5eb911f5db3fL, 0xd7674a42a4f9b0edL);
  }

  /**
   * A negative seed and a name outside ASCII: the seed is two's complement, the name UTF-8 bytes.
   */
  @Test
  void goldenFirstValuesOfNegativeSeedAndNonAsciiName() {
    UniformRandomProvider e = RandomStreams.create(-1, "\u00e9");
    assertThat(e.nextLong()).isEqualTo(-2175431702535301370L);
    assertThat(e.nextLong()).isEqualTo(-4963906808470770002L);
  }

  @Test
  void streamIsTheSameObjectOnEveryCall() {
    RandomStreams streams = new RandomStreams(5);
    UniformRandomProvider a = streams.stream("a");
    assertThat(streams.stream("a")).isSameAs(a);
    assertThat(streams.stream("b")).isNotSameAs(a);
    assertThat(streams.seed()).isEqualTo(5);
  }

  @Test
  void math3ViewDrawsFromTheSameStream() {
    RandomStreams streams = new RandomStreams(5);
    UniformRandomProvider reference = RandomStreams.create(5, "a");
    assertThat(streams.math3("a").nextLong()).isEqualTo(reference.nextLong());
    assertThat(streams.stream("a").nextLong())
        .as("the view advanced the stream")
        .isEqualTo(reference.nextLong());
    assertThat(streams.math3("a").nextLong())
        .as("a second view shares it too")
        .isEqualTo(reference.nextLong());
  }

  @Test
  void emptyNameIsAStreamLikeAnyOther() {
    ReferenceStream ref = new ReferenceStream(0, "");
    assertThat(RandomStreams.create(0, "").nextLong()).isEqualTo(ref.next());
  }
}
