/**
 * Kubernetes' protobuf encoding of built-in types ({@code application/vnd.kubernetes.protobuf}),
 * read into the JSON trees the rest of the server works on. client-go's typed clients, and so
 * kubectl since 1.31 for its imperative commands, send request bodies in it. {@link
 * io.kubeloop.apiserver.protobuf.ProtobufBodies} is the entry point; the message schemas are the
 * descriptors generated from kube's {@code generated.proto} files that {@code
 * io.kubernetes:client-java-proto} carries. Custom resources have no protobuf form.
 */
package io.kubeloop.apiserver.protobuf;
