/**
 * The create-only review resources of {@code authorization.k8s.io/v1}: {@code
 * SelfSubjectAccessReview} and {@code SelfSubjectRulesReview} (what {@code kubectl auth can-i}
 * asks), {@code SubjectAccessReview} and {@code LocalSubjectAccessReview}. They are answered by the
 * server's {@link io.kubeloop.apiserver.security.Authorizer} and stored nowhere. {@link
 * io.kubeloop.apiserver.authorization.AccessReviews} is the entry point.
 */
package io.kubeloop.apiserver.authorization;
