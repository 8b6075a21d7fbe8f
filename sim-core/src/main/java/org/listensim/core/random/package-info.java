/**
 * Named random streams: every random draw of a run comes from a stream derived from (run seed, stream
 * name), so adding a stream never changes another stream's numbers.
 */
package org.listensim.core.random;
