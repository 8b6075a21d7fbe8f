package org.listensim.core.trace;

import java.util.List;

/** A trace record built from data, so tests can generate records and encode them by hand. */
record TestRecord(String type, List<Field> fields) implements TraceRecord {
  sealed interface Field permits LongField, StringField, BoolField {
    String name();
  }

  record LongField(String name, long value) implements Field {}

  record StringField(String name, String value) implements Field {}

  record BoolField(String name, boolean value) implements Field {}

  static TestRecord of(String type, Field... fields) {
    return new TestRecord(type, List.of(fields));
  }

  @Override
  public void writeFields(TraceFields out) {
    for (Field f : fields) {
      if (f instanceof LongField l) {
        out.put(l.name(), l.value());
      } else if (f instanceof StringField s) {
        out.put(s.name(), s.value());
      } else if (f instanceof BoolField b) {
        out.put(b.name(), b.value());
      }
    }
  }

  /** A record stamped with its time, as a sink receives it. */
  record At(long time, TestRecord record) {}

  /** The fixed sequence the golden values below and in the sink tests were computed for. */
  static List<At> fixedSequence() {
    return List.of(
        new At(
            0,
            of(
                "segment-out",
                new LongField("seq", 1),
                new StringField("flags", "SYN"),
                new BoolField("retrans", false))),
        new At(
            1_500_000_000L,
            of(
                "accept",
                new LongField("fd", -1),
                new StringField("peer", "10.0.0.1:\u00e9"),
                new BoolField("ok", true))),
        new At(7, of("x", new LongField("max", Long.MAX_VALUE))));
  }
}
