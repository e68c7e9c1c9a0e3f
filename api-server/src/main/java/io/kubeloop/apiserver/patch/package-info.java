/**
 * PATCH bodies as kube-apiserver applies them: {@link io.kubeloop.apiserver.patch.PatchType} maps
 * the request's Content-Type (415 for anything else), {@link io.kubeloop.apiserver.patch.JsonPatch}
 * applies RFC 6902 JSON patches, {@link io.kubeloop.apiserver.patch.MergePatch} RFC 7386 merge
 * patches and {@link io.kubeloop.apiserver.patch.StrategicMergePatch} Kubernetes strategic merge
 * patches (built-in types only, steered by the Fabric8 model class and kube's patch strategies) to
 * the stored object's JSON.
 *
 * <p>They parse the body with Go's syntax rules and messages and its nesting limit of 10000, and
 * none recurses on the input's depth alone, so a hostile body gets a 400 rather than a stack
 * overflow. Errors are {@link io.kubeloop.apiserver.errors.ApiException}s with kube's codes and
 * messages.
 */
package io.kubeloop.apiserver.patch;
