/**
 * The scheduler benchmark: pods per second scheduled end to end through the in-process API server
 * (created → bound) by kubeloop's scheduler and, as the peer that marks the API server's limit, by
 * a round-robin binder that does no filtering, scoring or event writing; and the scheduling
 * algorithm alone on an in-memory snapshot. Command and results in {@code benchmarks/README.md}.
 */
package io.kubeloop.benchmarks.scheduler;
