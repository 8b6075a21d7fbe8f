/**
 * The discrete-event engine: virtual time in nanoseconds, a total deterministic event order
 * (time, then scheduling sequence), re-armable timers, named random streams and tracing.
 *
 * <p>Nothing here knows TCP. A run is a pure function of what was scheduled and the seed: the engine
 * never reads the wall clock and uses one thread.
 */
package org.listensim.core;
