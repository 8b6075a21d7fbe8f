/**
 * Tracing: models emit typed {@link org.listensim.core.trace.TraceRecord}s; sinks write them as JSON
 * Lines or fold them into a SHA-256 digest over a canonical encoding (see {@link
 * org.listensim.core.trace.DigestTraceSink}), so two runs can be compared by one hex string.
 */
package org.listensim.core.trace;
