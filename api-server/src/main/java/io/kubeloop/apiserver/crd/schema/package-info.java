/**
 * The schema engine behind CustomResourceDefinitions: structural-schema checks, validation of a
 * CRD's {@code openAPIV3Schema}, validation of custom resources against it (OpenAPI keywords,
 * {@code x-kubernetes-*} extensions and CEL {@code x-kubernetes-validations} rules), pruning of
 * unknown fields and defaulting, all with apiextensions-apiserver's semantics and messages.
 *
 * <p>Entry point: {@link io.kubeloop.apiserver.crd.schema.CrdSchema#compile}, once per CRD version;
 * the resulting {@link io.kubeloop.apiserver.crd.schema.CompiledSchema} is immutable and
 * thread-safe.
 */
package io.kubeloop.apiserver.crd.schema;
