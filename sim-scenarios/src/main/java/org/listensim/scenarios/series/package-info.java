/**
 * Time series of a run, sampled in simulated time ({@link org.listensim.scenarios.series.SeriesRecorder}),
 * as tables ({@link org.listensim.scenarios.series.SeriesTable}) written as CSV or charted as PNG and SVG
 * ({@link org.listensim.scenarios.series.Charts}). Outside the kernel model: it reads the run through a
 * {@link org.listensim.scenarios.RunProbe}.
 */
package org.listensim.scenarios.series;
