/**
 * Errors as Kubernetes reports them: {@link io.kubeloop.apiserver.errors.ApiException} carries the
 * {@code Status} object a client receives, {@link io.kubeloop.apiserver.errors.FieldError} one
 * field's validation failure.
 */
package io.kubeloop.apiserver.errors;
