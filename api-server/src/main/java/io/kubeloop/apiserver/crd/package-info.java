/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1): validation of CRD objects, the controller
 * that serves what they declare, and the policy that applies a CRD's schemas to its custom
 * resources (pruning, defaulting, validation).
 */
package io.kubeloop.apiserver.crd;
