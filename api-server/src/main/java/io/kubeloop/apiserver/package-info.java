/** A Kubernetes-compatible API server: storage, REST, watch, built-in types, security. */
package io.kubeloop.apiserver;
