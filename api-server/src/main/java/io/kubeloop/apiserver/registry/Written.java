package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of a write.
 *
 * @param object the object as stored (resourceVersion set), or as it would be on a dry run
 * @param code the HTTP status: 201 created, 200 done, 202 deletion started but not finished
 */
public record Written(ObjectNode object, int code) {}
