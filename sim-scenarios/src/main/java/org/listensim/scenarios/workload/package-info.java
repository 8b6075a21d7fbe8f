/**
 * What drives a scenario: client populations (2.6.32 active openers), SYN-flood attackers, the server
 * application on the listening socket, and the outcomes they produce. The records here are the
 * contract between the scenario format (which builds them) and the workload generators (which run
 * them); every random draw comes from a named stream of the run's seed.
 */
package org.listensim.scenarios.workload;
