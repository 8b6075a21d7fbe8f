package org.listensim.core.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.listensim.core.Theories;
import org.quicktheories.core.Gen;

/**
 * Named streams: derived as documented, distinct per name and per seed, and unaffected by other
 * streams. Equality of two 64-bit draws from different streams has probability about 2^-64, so the
 * "differ" properties compare four draws and cannot fail by chance in practice.
 *
 * <p>On failure the message ends with the seed and the replay command, e.g. {@code mvn -B -pl
 * sim-core test -Dtest='RandomStreamsPropertiesTest#streamOrderDoesNotMatter' -DQT_SEED=123}.
 */
class RandomStreamsPropertiesTest {
  private static final int DRAWS = 4;

  /** Names mixing ASCII, Latin-1 and Greek letters, so UTF-8 encodes some as two bytes. */
  private static Gen<String> names() {
    return strings().betweenCodePoints(0x20, 0x3ff).ofLengthBetween(0, 12);
  }

  private static List<Long> draws(UniformRandomProvider rng, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(rng.nextLong());
    }
    return out;
  }

  @Test
  void streamsFollowTheDocumentedDerivation(TestInfo test) {
    Theories.check(
        test,
        longs().all().zip(names(), Named::new),
        c -> {
          ReferenceStream ref = new ReferenceStream(c.seed(), c.name());
          UniformRandomProvider rng = RandomStreams.create(c.seed(), c.name());
          for (int i = 0; i < 8; i++) {
            assertThat(rng.nextLong()).as("draw %d", i).isEqualTo(ref.next());
          }
        });
  }

  @Test
  void differentNamesGiveDifferentSequences(TestInfo test) {
    Gen<TwoNames> cases =
        longs().all().zip(names(), names(), TwoNames::new).assuming(c -> !c.a().equals(c.b()));
    Theories.check(
        test,
        cases,
        c -> {
          RandomStreams streams = new RandomStreams(c.seed());
          assertThat(draws(streams.stream(c.a()), DRAWS))
              .isNotEqualTo(draws(streams.stream(c.b()), DRAWS));
        });
  }

  @Test
  void differentSeedsGiveDifferentSequences(TestInfo test) {
    Gen<TwoSeeds> cases =
        longs().all().zip(longs().all(), names(), TwoSeeds::new).assuming(c -> c.a() != c.b());
    Theories.check(
        test,
        cases,
        c -> {
          assertThat(draws(RandomStreams.create(c.a(), c.name()), DRAWS))
              .isNotEqualTo(draws(RandomStreams.create(c.b(), c.name()), DRAWS));
        });
  }

  /** Creating and drawing from other streams first does not change a stream's numbers. */
  @Test
  void streamOrderDoesNotMatter(TestInfo test) {
    Gen<Others> cases =
        longs()
            .all()
            .zip(
                names(),
                lists().of(names()).ofSizeBetween(0, 6),
                integers().between(0, 20),
                Others::new)
            .assuming(c -> !c.others().contains(c.name()));
    Theories.check(
        test,
        cases,
        c -> {
          RandomStreams alone = new RandomStreams(c.seed());
          List<Long> expected = draws(alone.stream(c.name()), DRAWS);

          RandomStreams crowded = new RandomStreams(c.seed());
          for (String other : c.others()) {
            draws(crowded.stream(other), c.drawsFromOthers());
          }
          List<Long> got = draws(crowded.stream(c.name()), DRAWS);
          // And streams created afterwards do not disturb it either (new names, none the target's).
          for (String other : c.others()) {
            String later = other + "'";
            if (!later.equals(c.name())) {
              draws(crowded.stream(later), c.drawsFromOthers());
            }
          }
          got.addAll(draws(crowded.stream(c.name()), DRAWS));
          expected.addAll(draws(alone.stream(c.name()), DRAWS));

          assertThat(got).isEqualTo(expected);
          assertThat(got.subList(0, DRAWS))
              .isEqualTo(draws(RandomStreams.create(c.seed(), c.name()), DRAWS));
        });
  }

  record Named(long seed, String name) {}

  record TwoNames(long seed, String a, String b) {}

  record TwoSeeds(long a, long b, String name) {}

  record Others(long seed, String name, List<String> others, int drawsFromOthers) {}
}
