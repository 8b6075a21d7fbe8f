package org.listensim.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.listensim.core.Theories;
import org.listensim.core.trace.TestRecord.At;
import org.listensim.core.trace.TestRecord.BoolField;
import org.listensim.core.trace.TestRecord.Field;
import org.listensim.core.trace.TestRecord.LongField;
import org.listensim.core.trace.TestRecord.StringField;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The digest is the canonical encoding documented in {@link DigestTraceSink}, hashed with SHA-256.
 * The tests re-derive the encoding from that documentation and pin values computed outside Java.
 */
class DigestTraceSinkTest {
  /**
   * The canonical bytes of {@link TestRecord#fixedSequence()} and their SHA-256, both produced by a
   * short Python script (struct.pack and hashlib) written from the documented grammar, and checked
   * with {@code xxd -r -p | sha256sum}.
   */
  private static final String FIXED_BYTES =
      "5200000000000000000000000b7365676d656e742d6f75744c00000003736571000000000000000153000000"
          + "05666c6167730000000353594e420000000772657472616e730045520000000059682f0000000006616363"
          + "6570744c000000026664ffffffffffffffff5300000004706565720000000b31302e302e302e313ac3a942"
          + "000000026f6b014552000000000000000700000001784c000000036d61787fffffffffffffff45";

  private static final String FIXED_DIGEST =
      "85df69aa8f87b2fabeb44e75a0bff75b468e2f12ee2da93627cb08dc88b93a6c";

  private static final String EMPTY_DIGEST =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** The documented grammar, written out with DataOutputStream (big-endian by definition). */
  static byte[] encode(List<At> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (At at : records) {
        out.writeByte('R');
        out.writeLong(at.time());
        str(out, at.record().type());
        for (Field f : at.record().fields()) {
          if (f instanceof LongField l) {
            out.writeByte('L');
            str(out, l.name());
            out.writeLong(l.value());
          } else if (f instanceof StringField s) {
            out.writeByte('S');
            str(out, s.name());
            str(out, s.value());
          } else if (f instanceof BoolField b) {
            out.writeByte('B');
            str(out, b.name());
            out.writeByte(b.value() ? 1 : 0);
          }
        }
        out.writeByte('E');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static DigestTraceSink digestOf(List<At> records) {
    DigestTraceSink sink = new DigestTraceSink();
    for (At at : records) {
      sink.accept(at.time(), at.record());
    }
    return sink;
  }

  @Test
  void emptyTraceDigestIsSha256OfNothing() {
    DigestTraceSink sink = new DigestTraceSink();
    assertThat(sink.hex()).isEqualTo(EMPTY_DIGEST);
    assertThat(sink.records()).isZero();
  }

  @Test
  void encodingByHandMatchesTheBytesComputedOutsideJava() {
    assertThat(HexFormat.of().formatHex(encode(TestRecord.fixedSequence()))).isEqualTo(FIXED_BYTES);
  }

  @Test
  void digestOfTheFixedSequenceIsTheGoldenValue() {
    DigestTraceSink sink = digestOf(TestRecord.fixedSequence());
    assertThat(sink.hex()).isEqualTo(FIXED_DIGEST);
    assertThat(sha256Hex(HexFormat.of().parseHex(FIXED_BYTES))).isEqualTo(FIXED_DIGEST);
    assertThat(sink.records()).isEqualTo(3);
  }

  @Test
  void hexDoesNotDisturbTheRunningDigest() {
    List<At> all = TestRecord.fixedSequence();
    DigestTraceSink sink = digestOf(all.subList(0, 1));
    String first = sink.hex();
    assertThat(sink.hex()).isEqualTo(first);
    for (At at : all.subList(1, all.size())) {
      sink.accept(at.time(), at.record());
    }
    assertThat(sink.hex()).isEqualTo(FIXED_DIGEST);
  }

  /**
   * The length prefixes keep boundaries: moving a character between type and field name matters.
   */
  @Test
  void stringBoundariesAreEncoded() {
    String a = digestOf(List.of(new At(0, TestRecord.of("ab", new BoolField("c", true))))).hex();
    String b = digestOf(List.of(new At(0, TestRecord.of("a", new BoolField("bc", true))))).hex();
    assertThat(a).isNotEqualTo(b);
  }

  /**
   * The sink gathers the encoding in an 8 KiB buffer: strings longer than it, strings that end exactly
   * at its edge and thousands of small records give the same digest as the plain encoding.
   */
  @Test
  void bufferBoundariesDoNotChangeTheDigest() {
    List<At> records = new java.util.ArrayList<>();
    for (int n : new int[] {8180, 8183, 8187, 8188, 8192, 20000}) {
      records.add(new At(n, TestRecord.of("long", new StringField("s", "x".repeat(n)))));
    }
    records.add(new At(1, TestRecord.of("wide", new StringField("é".repeat(5000), "ü".repeat(9000)))));
    for (int i = 0; i < 3000; i++) {
      records.add(new At(i, TestRecord.of("r" + i, new LongField("v", i), new BoolField("b", i % 2 == 0))));
    }
    assertThat(digestOf(records).hex()).isEqualTo(sha256Hex(encode(records)));
  }

  private static Gen<String> text() {
    return strings().betweenCodePoints(0x0, 0x3ff).ofLengthBetween(0, 6);
  }

  private static Gen<Field> fields() {
    return Generate.oneOf(
        text().zip(longs().all(), LongField::new),
        text().zip(text(), StringField::new),
        text().zip(booleans().all(), BoolField::new));
  }

  private static Gen<At> records() {
    Gen<TestRecord> rec = text().zip(lists().of(fields()).ofSizeBetween(0, 5), TestRecord::new);
    return longs().all().zip(rec, At::new);
  }

  /** For any records, the sink's digest is SHA-256 of the documented encoding. */
  @Test
  void digestIsSha256OfTheDocumentedEncoding(TestInfo test) {
    Theories.check(
        test,
        lists().of(records()).ofSizeBetween(0, 6),
        records -> {
          assertThat(digestOf(records).hex()).isEqualTo(sha256Hex(encode(records)));
        });
  }

  /**
   * Two different records never share a digest: the encoding is prefix-free, so it is injective.
   */
  @Test
  void differentRecordsHaveDifferentDigests(TestInfo test) {
    Gen<List<At>> pairs = lists().of(records()).ofSize(2).assuming(l -> !l.get(0).equals(l.get(1)));
    Theories.check(
        test,
        pairs,
        l -> {
          assertThat(digestOf(l.subList(0, 1)).hex()).isNotEqualTo(digestOf(l.subList(1, 2)).hex());
        });
  }
}
