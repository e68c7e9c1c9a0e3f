/**
 * Server-side apply and managed fields, as kube-apiserver and structured-merge-diff do them. {@link
 * io.kubeloop.apiserver.apply.FieldManager} is the entry point: it records in {@code
 * metadata.managedFields} which field manager set which fields on every write, and merges applied
 * configurations ({@code application/apply-patch+yaml}) into live objects by that record, with
 * kube's conflicts, ownership transfer and removal of fields an applier stops applying.
 *
 * <p>Field sets are computed from the JSON trees directly. Built-in types take their schema from
 * the Fabric8 model classes and kube's list markers; custom resources from the CRD's structural
 * schema ({@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}, {@code
 * x-kubernetes-map-type}).
 */
package io.kubeloop.apiserver.apply;
