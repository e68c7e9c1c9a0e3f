package io.kubeloop.apiserver.selection;

import static io.kubeloop.apiserver.selection.JsonValues.bool;
import static io.kubeloop.apiserver.selection.JsonValues.firstNonEmpty;
import static io.kubeloop.apiserver.selection.JsonValues.integer;

import io.kubeloop.apiserver.errors.GroupResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field selectors of built-in resources, as kube-apiserver accepts them: the labels come from
 * each kind's field-label conversion function ({@code pkg/apis/<group>/<version>/conversion.go}),
 * the values from its registry strategy's {@code ToSelectableFields}, read here from the v1 JSON.
 *
 * <p>Kinds without a conversion function accept only {@code metadata.name} and {@code
 * metadata.namespace} ({@link SelectableFields#metadataOnly()}). That includes apps/v1 ReplicaSets:
 * the field-selector documentation lists {@code status.replicas} for them, but kube-apiserver
 * rejects it (kubernetes/kubernetes#135136), and so do we.
 */
final class BuiltInSelectableFields {

  private BuiltInSelectableFields() {}

  static Map<GroupResource, SelectableFields> all() {
    Map<GroupResource, SelectableFields> all = new LinkedHashMap<>();
    all.put(GroupResource.core("pods"), pods());
    all.put(GroupResource.core("nodes"), nodes());
    all.put(GroupResource.core("replicationcontrollers"), replicationControllers());
    all.put(GroupResource.core("events"), coreEvents());
    all.put(new GroupResource("events.k8s.io", "events"), eventsV1());
    all.put(GroupResource.core("namespaces"), namespaces());
    all.put(GroupResource.core("secrets"), secrets());
    all.put(GroupResource.core("services"), services());
    all.put(new GroupResource("batch", "jobs"), jobs());
    all.put(
        new GroupResource("certificates.k8s.io", "certificatesigningrequests"),
        signerNamed().build());
    all.put(new GroupResource("certificates.k8s.io", "clustertrustbundles"), signerNamed().build());
    all.put(
        new GroupResource("certificates.k8s.io", "podcertificaterequests"),
        signerNamed()
            .field("spec.podName", "spec", "podName")
            .field("spec.nodeName", "spec", "nodeName")
            .build());
    return all;
  }

  private static SelectableFields.Builder named() {
    return SelectableFields.builder().field("metadata.name", "metadata", "name");
  }

  private static SelectableFields.Builder namespacedNamed() {
    return named().field("metadata.namespace", "metadata", "namespace");
  }

  static SelectableFields pods() {
    return namespacedNamed()
        .field("spec.nodeName", "spec", "nodeName")
        .field("spec.restartPolicy", "spec", "restartPolicy")
        .field("spec.schedulerName", "spec", "schedulerName")
        .field("spec.serviceAccountName", "spec", "serviceAccountName")
        .field("spec.hostNetwork", bool("spec", "hostNetwork"))
        .field("status.phase", "status", "phase")
        // The internal pod keeps only podIPs; v1's podIP is its first entry.
        .field(
            "status.podIP",
            object -> {
              String first =
                  JsonValues.text(JsonValues.at(object, "status", "podIPs").path(0).path("ip"));
              return first.isEmpty()
                  ? JsonValues.text(JsonValues.at(object, "status", "podIP"))
                  : first;
            })
        // Accepted by the conversion function but never filled in by ToSelectableFields.
        .unfilled("status.podIPs")
        .field("status.nominatedNodeName", "status", "nominatedNodeName")
        // Old v1 clients send spec.host.
        .alias("spec.host", "spec.nodeName")
        .build();
  }

  static SelectableFields nodes() {
    return named().field("spec.unschedulable", bool("spec", "unschedulable")).build();
  }

  static SelectableFields replicationControllers() {
    return namespacedNamed().field("status.replicas", integer("status", "replicas")).build();
  }

  static SelectableFields coreEvents() {
    return SelectableFields.builder()
        .field("involvedObject.kind", "involvedObject", "kind")
        .field("involvedObject.namespace", "involvedObject", "namespace")
        .field("involvedObject.name", "involvedObject", "name")
        .field("involvedObject.uid", "involvedObject", "uid")
        .field("involvedObject.apiVersion", "involvedObject", "apiVersion")
        .field("involvedObject.resourceVersion", "involvedObject", "resourceVersion")
        .field("involvedObject.fieldPath", "involvedObject", "fieldPath")
        .field("reason", "reason")
        .field("reportingComponent", "reportingComponent")
        .field(
            "source",
            firstNonEmpty(
                new String[] {"source", "component"}, new String[] {"reportingComponent"}))
        .field("type", "type")
        .field("metadata.namespace", "metadata", "namespace")
        .field("metadata.name", "metadata", "name")
        .build();
  }

  /**
   * events.k8s.io/v1 Events share the core Event's storage and selectable fields; their labels use
   * the new names ({@code regarding.*}, {@code reportingController}) and map to the core ones.
   * Values are read from the events.k8s.io/v1 JSON shape.
   */
  static SelectableFields eventsV1() {
    SelectableFields.Builder b = SelectableFields.builder();
    for (String f :
        new String[] {
          "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"
        }) {
      b.alias("regarding." + f, "involvedObject." + f, JsonValues.reader("regarding", f));
    }
    return b.field("reason", "reason")
        .alias(
            "reportingController", "reportingComponent", JsonValues.reader("reportingController"))
        .field(
            "source",
            firstNonEmpty(
                new String[] {"deprecatedSource", "component"},
                new String[] {"reportingController"}))
        .field("type", "type")
        .field("metadata.namespace", "metadata", "namespace")
        .field("metadata.name", "metadata", "name")
        .build();
  }

  static SelectableFields namespaces() {
    return SelectableFields.builder()
        .field("status.phase", "status", "phase")
        .field("metadata.name", "metadata", "name")
        .build();
  }

  static SelectableFields secrets() {
    return SelectableFields.builder()
        .field("type", "type")
        .field("metadata.namespace", "metadata", "namespace")
        .field("metadata.name", "metadata", "name")
        .build();
  }

  static SelectableFields services() {
    return namespacedNamed()
        .field("spec.clusterIP", "spec", "clusterIP")
        .field("spec.type", "spec", "type")
        .build();
  }

  static SelectableFields jobs() {
    return namespacedNamed()
        // The label is "successful"; the field it reads is status.succeeded.
        .field("status.successful", integer("status", "succeeded"))
        .rejectWith(
            label -> "field label " + GoText.quote(label) + " not supported for batchv1.Job")
        .build();
  }

  private static SelectableFields.Builder signerNamed() {
    return named().field("spec.signerName", "spec", "signerName");
  }
}
