/**
 * What the server serves: one {@link io.kubeloop.apiserver.resource.ResourceType} per resource
 * (group, version, plural, kind, scope, verbs, subresources), collected in a {@link
 * io.kubeloop.apiserver.resource.ResourceRegistry} that routing and discovery read.
 */
package io.kubeloop.apiserver.resource;
