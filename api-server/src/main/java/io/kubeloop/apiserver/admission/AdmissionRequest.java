package io.kubeloop.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.resource.ResourceType;

/**
 * One write as admission plugins see it.
 *
 * @param operation what is being done
 * @param type the resource
 * @param subresource the subresource, or "" for the main resource
 * @param namespace the namespace of the request, "" for cluster-scoped resources
 * @param name the object's name (may be empty before generateName is applied)
 * @param object the object to be stored (mutating plugins may change it), null for DELETE
 * @param oldObject the stored object before the write, null for CREATE
 * @param dryRun whether nothing will be persisted
 */
public record AdmissionRequest(
    Operation operation,
    ResourceType type,
    String subresource,
    String namespace,
    String name,
    ObjectNode object,
    ObjectNode oldObject,
    boolean dryRun) {

  public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT
  }
}
