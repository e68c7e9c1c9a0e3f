/**
 * Informer benchmarks: kubeloop's informers beside Fabric8's SharedIndexInformer on one in-process
 * API server with the same objects: time to sync, retained heap per cached object, and event
 * delivery latency under a steady update rate. Results and the command are in {@code
 * benchmarks/docs/informers.md}.
 */
package io.kubeloop.benchmarks.informers;
