/**
 * The generic REST storage of objects: metadata rules (uid, timestamps, generation, resourceVersion
 * preconditions, finalizers and graceful deletion), the subresource split between spec and status,
 * listing with resourceVersion semantics and pagination, all over the storage SPI and the watch
 * cache.
 */
package io.kubeloop.apiserver.registry;
