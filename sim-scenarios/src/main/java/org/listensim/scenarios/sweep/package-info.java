/**
 * Sweeps: one scenario over a grid of field values ({@link org.listensim.scenarios.sweep.SweepParam}) ×
 * seeds, run in parallel (each run single-threaded and deterministic), written as runs finish to an
 * append-only file so an interrupted sweep resumes without losing or repeating a run, sliced into
 * shards for job arrays and merged back ({@link org.listensim.scenarios.sweep.SweepRunner}), summarised
 * per grid point with confidence intervals and charted ({@link org.listensim.scenarios.sweep.SweepOutputs}).
 */
package org.listensim.scenarios.sweep;
