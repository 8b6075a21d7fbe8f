package org.listensim.core.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object per line: {@code {"t":<ns>,"type":"<type>", <fields in record order>}}.
 * Numbers are JSON integers (a 64-bit value may exceed what a JavaScript double holds exactly).
 */
public final class JsonLinesTraceSink implements TraceSink, TraceFields {
  private final JsonGenerator json;
  private boolean empty = true;

  public JsonLinesTraceSink(OutputStream out) {
    try {
      json = new JsonFactory().createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
  }

  @Override
  public void accept(long timeNanos, TraceRecord record) {
    try {
      json.writeStartObject();
      json.writeNumberField("t", timeNanos);
      json.writeStringField("type", record.type());
      record.writeFields(this);
      json.writeEndObject();
      empty = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TraceFields put(String name, long value) {
    try {
      json.writeNumberField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public TraceFields put(String name, String value) {
    try {
      json.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public TraceFields put(String name, boolean value) {
    try {
      json.writeBooleanField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @Override
  public void close() {
    try {
      // Ends the last line; an empty trace stays empty (a lone newline would be a blank line, not JSON).
      if (!empty) {
        json.writeRaw('\n');
      }
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
