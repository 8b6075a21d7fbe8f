/**
 * The {@code listensim} command: {@code run}, {@code validate}, {@code list}. It resolves what the user
 * typed, calls the scenario runner and formats its {@link org.listensim.scenarios.RunResult} as a summary
 * ({@code TextSummary}) or a JSON document ({@code JsonOutput}, {@code docs/output-format.md}). It holds
 * no kernel rule. Exit codes: 0 success, 2 bad input, 1 internal error.
 */
package org.listensim.cli;
