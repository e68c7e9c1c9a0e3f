/**
 * Informers: a Reflector that lists and watches one resource, a compact indexed cache, shared index
 * informers that deliver changes to handlers, a factory that shares them, and listers that read the
 * cache. The semantics are client-go's {@code tools/cache}.
 *
 * <p>Entry point: {@link io.kubeloop.informers.InformerFactory}. Public types are the factory,
 * {@link io.kubeloop.informers.SharedIndexInformer}, {@link
 * io.kubeloop.informers.ResourceEventHandler}, {@link io.kubeloop.informers.Lister}, {@link
 * io.kubeloop.informers.Indexer}, the options and health values and the clock; everything else is
 * package-private.
 */
package io.kubeloop.informers;
