/**
 * The OpenAPI documents kubectl and client libraries read: {@code /openapi/v2} (Swagger 2.0, JSON
 * or gnostic protobuf) and {@code /openapi/v3} (discovery plus one OpenAPI 3.0 document per group
 * version), generated from the Fabric8 model classes of built-in resources and the schemas of
 * CustomResourceDefinitions. {@link io.kubeloop.apiserver.openapi.OpenApiService} is the entry
 * point: it answers a path, query and Accept header with an {@link
 * io.kubeloop.apiserver.openapi.OpenApiResponse} and caches the documents until the served
 * resources change.
 */
package io.kubeloop.apiserver.openapi;
