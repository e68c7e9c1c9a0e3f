/**
 * Whole-system benchmarks of the API server through the Fabric8 client, each a {@code main} that
 * prints a Markdown table with a peer measured in the same run: start to ready and CRUD throughput
 * against Fabric8's CRUD mock server, GET throughput against a bare Vert.x HTTPS server, durable
 * against in-memory creates, and watch fan-out latency. Commands and results are in {@code
 * benchmarks/docs/apiserver.md}.
 */
package io.kubeloop.benchmarks.apiserver;
