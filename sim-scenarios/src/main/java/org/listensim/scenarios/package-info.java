/**
 * Scenarios: the model ({@link org.listensim.scenarios.Scenario} and its builder), the YAML loader with
 * located errors ({@link org.listensim.scenarios.ScenarioLoader}, format in {@code docs/scenario-format.md}),
 * the bundled scenarios ({@link org.listensim.scenarios.BundledScenarios}) and the runner
 * ({@link org.listensim.scenarios.ScenarioRunner}) that turns a scenario into a
 * {@link org.listensim.scenarios.RunResult}. The workload engine (network, clients, attackers, application)
 * is reached in one place, {@code WorkloadWiring}. Nothing here formats output: that is the CLI's job.
 */
package org.listensim.scenarios;
