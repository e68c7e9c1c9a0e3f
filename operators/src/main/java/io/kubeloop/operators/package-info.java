/**
 * kubeloop's own controllers, each talking to the world only through the API server: the cnat
 * {@code At} operator, the scheduler, the node agent, and the Deployment, ReplicaSet, garbage
 * collector and namespace controllers.
 */
package io.kubeloop.operators;
