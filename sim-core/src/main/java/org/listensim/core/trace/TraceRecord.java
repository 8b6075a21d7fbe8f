package org.listensim.core.trace;

/**
 * One typed trace record. A record names its type and writes its fields, in a fixed order, to the
 * visitor it is given; sinks decide the encoding. Records are usually Java records defined by a model.
 */
public interface TraceRecord {
  /** A short, stable type name such as {@code "segment-out"}. */
  String type();

  /** Writes the fields, always in the same order. */
  void writeFields(TraceFields out);
}
