package org.listensim.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.trace.TestRecord.At;
import org.listensim.core.trace.TestRecord.BoolField;
import org.listensim.core.trace.TestRecord.LongField;
import org.listensim.core.trace.TestRecord.StringField;

class JsonLinesTraceSinkTest {

  private static String write(List<At> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonLinesTraceSink sink = new JsonLinesTraceSink(out)) {
      for (At at : records) {
        sink.accept(at.time(), at.record());
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneObjectPerLineWithTimeTypeThenFieldsInRecordOrder() {
    assertThat(write(TestRecord.fixedSequence()))
        .isEqualTo(
            "{\"t\":0,\"type\":\"segment-out\",\"seq\":1,\"flags\":\"SYN\",\"retrans\":false}\n"
                + "{\"t\":1500000000,\"type\":\"accept\",\"fd\":-1,\"peer\":\"10.0.0.1:\u00e9\",\"ok\":true}\n"
                + "{\"t\":7,\"type\":\"x\",\"max\":9223372036854775807}\n");
  }

  /** An empty trace is an empty file: a lone newline would be a blank line, which is not JSON. */
  @Test
  void emptyTraceIsEmpty() {
    assertThat(write(List.of())).isEmpty();
  }

  /** Documented in the README: the sink owns the stream it was given. */
  @Test
  void closeFlushesAndClosesTheStream() {
    boolean[] closed = {false};
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    JsonLinesTraceSink sink = new JsonLinesTraceSink(out);
    sink.accept(1, TestRecord.of("r"));
    sink.close();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"t\":1,\"type\":\"r\"}\n");
    assertThat(closed[0]).isTrue();
  }

  @Test
  void stringsAreEscapedAndStayOnOneLine() {
    String nasty = "q\"b\\n\nt\tc\u0001 \u00e9\u20ac\ud83d\ude00/";
    String text =
        write(List.of(new At(Long.MIN_VALUE, TestRecord.of("e", new StringField("s", nasty)))));
    assertThat(text)
        // Jackson escapes the surrogate pair of a character beyond the BMP: valid JSON all the
        // same, as the parse below shows.
        .isEqualTo(
            "{\"t\":-9223372036854775808,\"type\":\"e\",\"s\":\"q\\\"b\\\\n"
                + "\\n"
                + "t\\tc\\u0001 \u00e9\u20ac\\uD83D\\uDE00/\"}\n");
    assertThat(text.lines()).hasSize(1);
    assertThat(parse(text.strip()).get(5)).as("the string read back").isEqualTo(nasty);
  }

  /** Each line read back by a JSON parser gives the record's values, 64-bit numbers exact. */
  @Test
  void linesParseBackToTheRecords() {
    List<String> lines = write(TestRecord.fixedSequence()).lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(parse(lines.get(0)))
        .containsExactly(
            "t", 0L, "type", "segment-out", "seq", 1L, "flags", "SYN", "retrans", false);
    assertThat(parse(lines.get(1)))
        .containsExactly(
            "t",
            1_500_000_000L,
            "type",
            "accept",
            "fd",
            -1L,
            "peer",
            "10.0.0.1:\u00e9",
            "ok",
            true);
    assertThat(parse(lines.get(2))).containsExactly("t", 7L, "type", "x", "max", Long.MAX_VALUE);
  }

  @Test
  void teeHandsEachRecordToEverySinkInOrderAndClosesThemAll() {
    List<String> seen = new ArrayList<>();
    class Named implements TraceSink {
      final String name;

      Named(String name) {
        this.name = name;
      }

      @Override
      public void accept(long timeNanos, TraceRecord record) {
        seen.add(name + ":" + record.type() + "@" + timeNanos);
      }

      @Override
      public void close() {
        seen.add(name + ":closed");
      }
    }
    TraceSink tee = TraceSink.tee(new Named("a"), new Named("b"));
    tee.accept(3, TestRecord.of("r", new LongField("n", 1)));
    tee.accept(4, TestRecord.of("s", new BoolField("b", true)));
    tee.close();
    assertThat(seen).containsExactly("a:r@3", "b:r@3", "a:s@4", "b:s@4", "a:closed", "b:closed");
  }

  /** Field names and values of one JSON object, in order, as Java values. */
  private static List<Object> parse(String line) {
    List<Object> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        out.add(p.currentName());
        switch (p.nextToken()) {
          case VALUE_NUMBER_INT -> out.add(p.getLongValue());
          case VALUE_STRING -> out.add(p.getText());
          case VALUE_TRUE -> out.add(true);
          case VALUE_FALSE -> out.add(false);
          default -> throw new AssertionError("unexpected " + p.currentToken() + " in " + line);
        }
      }
      assertThat(p.nextToken()).as("nothing after the object").isNull();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
