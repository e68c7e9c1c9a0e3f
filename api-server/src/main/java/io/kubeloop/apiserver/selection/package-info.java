/**
 * Label and field selectors as kube-apiserver reads them from {@code ?labelSelector=} and {@code
 * ?fieldSelector=}, with apimachinery's syntax and error messages.
 *
 * <ul>
 *   <li>{@link io.kubeloop.apiserver.selection.LabelSelector}: the compiled label selector, parsed
 *       from the query syntax or converted from a Kubernetes {@code LabelSelector} object.
 *   <li>{@link io.kubeloop.apiserver.selection.FieldSelector}: the parsed field selector.
 *   <li>{@link io.kubeloop.apiserver.selection.FieldSelectorRegistry}: which field labels each
 *       resource supports and how to read them from the stored JSON ({@link
 *       io.kubeloop.apiserver.selection.SelectableFields}); custom resources register their {@code
 *       selectableFields} at run time.
 *   <li>{@link io.kubeloop.apiserver.selection.SelectionPredicate}: both selectors bound to a
 *       resource, matching stored objects.
 * </ul>
 *
 * <p>Every parse or validation error is an {@link io.kubeloop.apiserver.errors.ApiException} with
 * code 400 and kube's message, ready to be sent as the response {@code Status}.
 */
package io.kubeloop.apiserver.selection;
