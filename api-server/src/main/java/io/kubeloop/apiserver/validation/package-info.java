/**
 * Defaulting and validation of built-in Kubernetes kinds, with kube-apiserver's exact error
 * wording, for the registry to apply before storing an object.
 *
 * <p>Entry points: {@link io.kubeloop.apiserver.validation.BuiltinRules} finds the {@link
 * io.kubeloop.apiserver.validation.TypeRules} of a kind; {@link
 * io.kubeloop.apiserver.validation.ObjectMetaValidation} validates metadata of any object (custom
 * resources included); {@link io.kubeloop.apiserver.validation.Names} holds the name and format
 * checks (DNS labels and subdomains, qualified names, label values, path segments, port names) and
 * {@code generateName} expansion.
 *
 * <pre>{@code
 * TypeRules<Pod> rules = BuiltinRules.forType(Pod.class).orElseThrow();
 * rules.applyDefaults(pod);
 * List<FieldError> errors = rules.validate(pod);
 * if (!errors.isEmpty()) {
 *   throw ApiException.invalid(rules.kind(), rules.group(), pod.getMetadata().getName(), errors);
 * }
 * }</pre>
 *
 * <p>Everything else in the package is package-private: one validator per concern (metadata, label
 * selectors, quantities, pod specs, containers, volumes, scheduling, pod updates) and one rules
 * class per kind.
 */
package io.kubeloop.apiserver.validation;
