package org.listensim.kernel;

/** Where a host's transmitted segments go: the network model, or a test's capture. */
@FunctionalInterface
public interface SegmentOutput {
  void transmit(TcpSegment segment);
}
