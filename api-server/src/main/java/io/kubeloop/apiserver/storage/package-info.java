/**
 * The storage SPI: an etcd-v3-like revisioned key-value store. Every write gets the next value of
 * one store-wide revision counter; {@code metadata.resourceVersion} is that revision. Keys look
 * like {@code /registry/<group>/<resource>/<namespace>/<name>}; values are the serialized objects,
 * opaque to the store.
 */
package io.kubeloop.apiserver.storage;
