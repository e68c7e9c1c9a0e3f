package io.kubeloop.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a pod update may change in {@code spec}, after kube's {@code ValidatePodUpdate}: container
 * images, a shrinking {@code activeDeadlineSeconds}, added tolerations, removed scheduling gates,
 * and a negative {@code terminationGracePeriodSeconds} raised to 1. Everything else is compared as
 * JSON, which treats absent and empty fields alike, as kube's semantic equality does.
 */
final class PodUpdateValidator {

  static final String UPDATABLE_FIELDS =
      "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
          + "`spec.tolerations` (only additions to existing tolerations),"
          + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously"
          + " negative)";

  // Fabric8's own mapping (it knows the model's date-time fields); safe to share between threads
  private static final KubernetesSerialization MAPPER = new KubernetesSerialization();
  private static final FieldPath SPEC = FieldPath.of("spec");

  private PodUpdateValidator() {}

  static List<FieldError> validate(PodSpec newSpec, PodSpec oldSpec) {
    List<FieldError> errs = new ArrayList<>();
    PodSpec n = newSpec == null ? new PodSpec() : newSpec;
    PodSpec o = oldSpec == null ? new PodSpec() : oldSpec;
    if (containerUpdates(n.getContainers(), o.getContainers(), SPEC.child("containers"), errs)) {
      return errs;
    }
    if (containerUpdates(
        n.getInitContainers(), o.getInitContainers(), SPEC.child("initContainers"), errs)) {
      return errs;
    }
    Long newDeadline = n.getActiveDeadlineSeconds();
    Long oldDeadline = o.getActiveDeadlineSeconds();
    if (newDeadline != null) {
      if (newDeadline < 0 || newDeadline > Integer.MAX_VALUE) {
        errs.add(
            FieldError.invalid(
                SPEC.child("activeDeadlineSeconds").toString(),
                newDeadline,
                Names.inclusiveRangeError(0, Integer.MAX_VALUE)));
        return errs;
      }
      if (oldDeadline != null && oldDeadline < newDeadline) {
        errs.add(
            FieldError.invalid(
                SPEC.child("activeDeadlineSeconds").toString(),
                newDeadline,
                "must be less than or equal to previous value"));
        return errs;
      }
    } else if (oldDeadline != null) {
      errs.add(
          FieldError.invalid(
              SPEC.child("activeDeadlineSeconds").toString(),
              new GoValue("null"),
              "must not update from a positive integer to nil value"));
    }
    errs.addAll(onlyAddedTolerations(n.getTolerations(), o.getTolerations()));
    errs.addAll(onlyDeletedSchedulingGates(n.getSchedulingGates(), o.getSchedulingGates()));

    ObjectNode newTree = MAPPER.convertValue(n, ObjectNode.class);
    ObjectNode oldTree = MAPPER.convertValue(o, ObjectNode.class);
    if (newTree.equals(oldTree)) {
      return errs;
    }
    copyImages(newTree, oldTree, "containers");
    copyImages(newTree, oldTree, "initContainers");
    copyField(newTree, oldTree, "activeDeadlineSeconds");
    copyField(newTree, oldTree, "schedulingGates");
    copyField(newTree, oldTree, "tolerations");
    Long oldGrace = o.getTerminationGracePeriodSeconds();
    Long newGrace = n.getTerminationGracePeriodSeconds();
    if (oldGrace != null && oldGrace < 0 && newGrace != null && newGrace == 1) {
      copyField(newTree, oldTree, "terminationGracePeriodSeconds");
    }
    if (!newTree.equals(oldTree)) {
      List<String> diff = new ArrayList<>();
      diff(oldTree, newTree, "spec", diff);
      errs.add(
          FieldError.forbidden(
              SPEC.toString(),
              "pod updates may not change fields other than "
                  + UPDATABLE_FIELDS
                  + "\n"
                  + String.join("\n", diff)));
    }
    return errs;
  }

  /** Returns true when kube stops validating: containers were added or removed. */
  private static boolean containerUpdates(
      List<Container> newList, List<Container> oldList, FieldPath path, List<FieldError> errs) {
    List<Container> n = ObjectMetaValidator.nonNull(newList);
    List<Container> o = ObjectMetaValidator.nonNull(oldList);
    if (n.size() != o.size()) {
      errs.add(
          FieldError.forbidden(path.toString(), "pod updates may not add or remove containers"));
      return true;
    }
    for (int i = 0; i < n.size(); i++) {
      String image = ObjectMetaValidator.nullToEmpty(n.get(i).getImage());
      if (image.isEmpty()) {
        errs.add(FieldError.required(path.index(i).child("image").toString(), ""));
      }
      if (!image.equals(image.strip())) {
        errs.add(
            FieldError.invalid(
                path.index(i).child("image").toString(),
                image,
                "must not have leading or trailing whitespace"));
      }
    }
    return false;
  }

  private static List<FieldError> onlyAddedTolerations(
      List<Toleration> newList, List<Toleration> oldList) {
    List<Toleration> n = ObjectMetaValidator.nonNull(newList);
    FieldPath path = SPEC.child("tolerations");
    for (Toleration old : ObjectMetaValidator.nonNull(oldList)) {
      boolean found = n.stream().anyMatch(t -> sameIgnoringSeconds(t, old));
      if (!found) {
        return List.of(
            FieldError.forbidden(
                path.toString(),
                "existing toleration can not be modified except its tolerationSeconds"));
      }
    }
    return TaintValidator.validateTolerations(n, path);
  }

  private static boolean sameIgnoringSeconds(Toleration a, Toleration b) {
    return Objects.equals(a.getKey(), b.getKey())
        && Objects.equals(a.getOperator(), b.getOperator())
        && Objects.equals(a.getValue(), b.getValue())
        && Objects.equals(a.getEffect(), b.getEffect());
  }

  private static List<FieldError> onlyDeletedSchedulingGates(
      List<PodSchedulingGate> newList, List<PodSchedulingGate> oldList) {
    List<FieldError> errs = new ArrayList<>();
    List<PodSchedulingGate> n = ObjectMetaValidator.nonNull(newList);
    Set<String> old = new HashSet<>();
    for (PodSchedulingGate g : ObjectMetaValidator.nonNull(oldList)) {
      old.add(g.getName());
    }
    for (int i = 0; i < n.size(); i++) {
      if (!old.contains(n.get(i).getName())) {
        errs.add(
            FieldError.forbidden(
                SPEC.child("schedulingGates").index(i).child("name").toString(),
                "only deletion is allowed, but found new scheduling gate '"
                    + n.get(i).getName()
                    + "'"));
      }
    }
    return errs;
  }

  private static void copyImages(ObjectNode target, ObjectNode source, String list) {
    JsonNode t = target.get(list);
    JsonNode s = source.get(list);
    if (!(t instanceof ArrayNode ta) || !(s instanceof ArrayNode sa)) {
      return;
    }
    for (int i = 0; i < ta.size() && i < sa.size(); i++) {
      if (ta.get(i) instanceof ObjectNode c) {
        copyField(c, (ObjectNode) sa.get(i), "image");
      }
    }
  }

  private static void copyField(ObjectNode target, ObjectNode source, String field) {
    JsonNode value = source.get(field);
    if (value == null) {
      target.remove(field);
    } else {
      target.set(field, value.deepCopy());
    }
  }

  /** One line per changed leaf: {@code - path: old} then {@code + path: new}. */
  private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
    if (Objects.equals(a, b)) {
      return;
    }
    if (a instanceof ObjectNode ao && b instanceof ObjectNode bo) {
      Set<String> fields = new TreeSet<>();
      ao.fieldNames().forEachRemaining(fields::add);
      bo.fieldNames().forEachRemaining(fields::add);
      for (String f : fields) {
        diff(ao.get(f), bo.get(f), path + "." + f, out);
      }
      return;
    }
    if (a instanceof ArrayNode aa && b instanceof ArrayNode ba && aa.size() == ba.size()) {
      for (int i = 0; i < aa.size(); i++) {
        diff(aa.get(i), ba.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (a != null) {
      out.add("- " + path + ": " + a);
    }
    if (b != null) {
      out.add("+ " + path + ": " + b);
    }
  }
}
