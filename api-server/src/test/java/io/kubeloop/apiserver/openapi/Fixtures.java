package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.resource.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** Test data: a CronTab CRD and helpers to read documents. */
final class Fixtures {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Fixtures() {}

  static final ResourceType CRONTABS =
      new ResourceType(
          "stable.example.com",
          "v1",
          "crontabs",
          "crontab",
          "CronTab",
          true,
          List.of("ct"),
          List.of("all"),
          Set.of("status", "scale"),
          null,
          new ResourceType.ScalePaths(".spec.replicas", ".status.replicas", ""),
          null);

  /** The CronTab CRD at a generation, with a schema using nullable, int-or-string and more. */
  static JsonNode cronTabCrd(long generation, String extraField) {
    return yaml(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
          uid: 6f0e2c5e-0000-4000-8000-000000000001
          generation: %d
        spec:
          group: stable.example.com
          scope: Namespaced
          names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [cronSpec, note]
                    properties:
                      cronSpec: {type: string, pattern: '^[0-9*/ ]+$'}
                      image: {type: string}
                      replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                      note: {type: string, nullable: true}
                      port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
                      tags:
                        type: array
                        x-kubernetes-list-type: set
                        items: {type: string}
                      %s: {type: string}
                  status:
                    type: object
                    properties:
                      replicas: {type: integer}
        """
            .formatted(generation, extraField));
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
