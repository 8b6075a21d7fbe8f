package org.listensim.scenarios.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.listensim.kernel.TcpSegment;
import org.listensim.scenarios.RunObserver;

/**
 * Captures every segment on the server's interface, inbound and outbound, as tcpdump on the server
 * would: inbound segments when they reach the server, whatever the kernel then does with them. The IP
 * ID of each packet is a capture-wide counter from 1 (the model keeps no IP IDs).
 */
public final class PcapCapture implements RunObserver, AutoCloseable {
  private final PcapWriter writer;
  private int ipId = 1;

  public PcapCapture(OutputStream out) throws IOException {
    this.writer = new PcapWriter(out);
  }

  @Override
  public void segment(long timeNanos, boolean inbound, TcpSegment segment) {
    try {
      writer.write(timeNanos, PacketEncoder.ipv4(segment, ipId++));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the capture failed: " + e.getMessage(), e);
    }
  }

  /** Packets written so far. */
  public long packets() {
    return writer.packets();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
