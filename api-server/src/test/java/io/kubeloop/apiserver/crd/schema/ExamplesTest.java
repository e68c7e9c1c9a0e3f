package io.kubeloop.apiserver.crd.schema;

import static io.kubeloop.apiserver.crd.schema.Yaml.obj;
import static io.kubeloop.apiserver.crd.schema.Yaml.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void cnatAtAcceptsAValidObject() {
    CompiledSchema at = Examples.cnatAt();
    ObjectNode o =
        obj(
            """
            apiVersion: cnat.programming-kubernetes.info/v1alpha1
            kind: At
            metadata: {name: example-at}
            spec:
              schedule: "2019-07-03T02:00:00Z"
              containers:
              - name: shell
                image: busybox
                command: [sh, -c, echo hello]
            """);
    assertThat(at.prune(o)).isEmpty();
    assertThat(at.validate(o)).isEmpty();
  }

  @Test
  void cnatAtRejectsBadScheduleAndMissingContainers() {
    CompiledSchema at = Examples.cnatAt();
    assertThat(strings(at.validate(obj("spec: {schedule: tomorrow}"))))
        .containsExactly(
            "spec.schedule: Invalid value: \"tomorrow\": spec.schedule in body must be of type"
                + " date-time: \"tomorrow\"",
            "spec.containers: Required value");
    assertThat(
            strings(at.validate(obj("spec: {schedule: \"2019-07-03T02:00:00Z\", containers: []}"))))
        .containsExactly(
            "spec.containers: Invalid value: 0: spec.containers in body should have at least 1"
                + " items");
    assertThat(
            strings(
                at.validate(
                    obj(
                        "{spec: {schedule: \"2019-07-03T02:00:00Z\", containers: [{name: a,"
                            + " command: echo}]}, status: {phase: LATE}}"))))
        .containsExactly(
            "spec.containers[0].command: Invalid value: \"string\":"
                + " spec.containers[0].command in body must be of type array: \"string\"",
            "spec.containers[0].image: Required value",
            "status.phase: Unsupported value: \"LATE\": supported values: \"PENDING\","
                + " \"RUNNING\", \"DONE\"");
  }

  @Test
  void databaseDefaultsValidatesAndGuardsTransitions() {
    CompiledSchema db = Examples.database();
    ObjectNode o =
        obj(
            """
            apiVersion: example.com/v1
            kind: Database
            metadata: {name: orders}
            spec:
              engine: postgres
              version: "16.2"
              storageGB: 20
              users: [{name: app}]
              color: blue
            """);
    assertThat(db.prune(o)).containsExactly("spec.color");
    db.applyDefaults(o);
    assertThat(o.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(o.at("/spec/tier").asText()).isEqualTo("dev");
    assertThat(o.at("/spec/users/0/role").asText()).isEqualTo("reader");
    assertThat(db.validate(o)).isEmpty();

    ObjectNode prod = o.deepCopy();
    prod.with("spec").put("tier", "prod").put("engine", "mysql");
    assertThat(strings(db.validateUpdate(prod, o)))
        .containsExactly(
            "spec: Invalid value: \"object\": prod databases need at least 2 replicas",
            "spec: Invalid value: \"object\": engine is immutable");
  }

  @Test
  void databaseRequiredFieldsEnumsAndFormats() {
    CompiledSchema db = Examples.database();
    assertThat(strings(db.validate(obj("kind: Database")))).containsExactly("spec: Required value");
    assertThat(
            strings(
                db.validate(
                    obj(
                        "spec: {engine: oracle, version: \"x.1\", storageGB: 2048, backupWindow:"
                            + " noon, users: [{name: a}, {name: a}]}"))))
        .containsExactly(
            "spec.engine: Unsupported value: \"oracle\": supported values: \"postgres\","
                + " \"mysql\"",
            "spec.version: Invalid value: \"x.1\": spec.version in body should match"
                + " '^[0-9]+(\\.[0-9]+)*$'",
            "spec.storageGB: Invalid value: 2048: spec.storageGB in body should be less than or"
                + " equal to 1024",
            "spec.backupWindow: Invalid value: \"noon\": spec.backupWindow in body must be of type"
                + " date-time: \"noon\"",
            "spec.users[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the"
                + " object was invalid; correct the existing errors to complete validation");
  }
}
