/**
 * The API server's security: TLS with a cluster CA created on first start, authentication (client
 * certificates, bearer tokens), authorization, and the admin kubeconfig.
 *
 * <p>{@link io.kubeloop.apiserver.security.SecurityBootstrap#prepare} is the entry point: it
 * returns the Vert.x TLS options, the {@link io.kubeloop.apiserver.security.Authenticator}, the
 * {@link io.kubeloop.apiserver.security.Authorizer} and the {@link
 * io.kubeloop.apiserver.security.CertificateAuthority} for issuing identities to other components.
 * Users are {@link io.kubeloop.apiserver.security.UserInfo} values; requests are described to
 * authorizers by {@link io.kubeloop.apiserver.security.AuthorizationAttributes}.
 */
package io.kubeloop.apiserver.security;
