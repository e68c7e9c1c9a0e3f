/**
 * Admission: plugins that see every write after defaulting and before validation and storage;
 * mutating plugins run first, then validating ones, as in kube-apiserver.
 */
package io.kubeloop.apiserver.admission;
