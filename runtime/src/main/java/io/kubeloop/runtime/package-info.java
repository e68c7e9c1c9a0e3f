/**
 * The operator runtime: a {@code Manager} that shares one client and one informer factory among
 * controllers, controllers whose workers call a {@code Reconciler} for each changed object, leader
 * election, health and metrics endpoints, and the helpers reconcilers need (finalizers, status
 * updates, owned objects, events).
 */
package io.kubeloop.runtime;
