package org.listensim.core.trace;

/** The visitor a {@link TraceRecord} writes its fields to. Field names are fixed ASCII identifiers. */
public interface TraceFields {
  TraceFields put(String name, long value);

  TraceFields put(String name, String value);

  TraceFields put(String name, boolean value);
}
