/**
 * The network model: address ownership, per-path one-way delays and losses, delivery of segments as
 * engine events after the kernel timers of the same instant.
 */
package org.listensim.kernel.net;
