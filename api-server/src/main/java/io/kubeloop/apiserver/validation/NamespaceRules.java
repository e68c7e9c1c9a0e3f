package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * core/v1 Namespace: a DNS-1123 label name, cluster-scoped; defaulted with the {@code
 * kubernetes.io/metadata.name} label and phase {@code Active}.
 */
final class NamespaceRules implements TypeRules<Namespace> {

  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public Class<Namespace> type() {
    return Namespace.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "Namespace";
  }

  @Override
  public boolean namespaced() {
    return false;
  }

  @Override
  public void applyDefaults(Namespace ns) {
    ObjectMeta meta = ns.getMetadata();
    // a namespace named by generateName gets its label once the name exists
    if (meta != null && meta.getName() != null && !meta.getName().isEmpty()) {
      Map<String, String> labels =
          meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
      labels.put(NAME_LABEL, meta.getName());
      meta.setLabels(labels);
    }
    if (ns.getStatus() == null) {
      ns.setStatus(new NamespaceStatus());
    }
    if (PodDefaults.isEmpty(ns.getStatus().getPhase())) {
      ns.getStatus().setPhase("Active");
    }
  }

  @Override
  public List<FieldError> validate(Namespace ns) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                ns.getMetadata(), false, NameRule.DNS1123_LABEL, true));
    if (ns.getSpec() != null) {
      for (String f : ObjectMetaValidator.nonNull(ns.getSpec().getFinalizers())) {
        errs.addAll(validateFinalizerName(f, FieldPath.of("spec", "finalizers")));
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Namespace ns, Namespace old) {
    return ObjectMetaValidator.validateUpdate(ns.getMetadata(), old.getMetadata(), true);
  }

  @Override
  public List<FieldError> validateStatusUpdate(Namespace ns, Namespace old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(ns.getMetadata(), old.getMetadata(), true));
    String phase =
        ns.getStatus() == null ? "" : ObjectMetaValidator.nullToEmpty(ns.getStatus().getPhase());
    boolean deleting = ns.getMetadata() != null && ns.getMetadata().getDeletionTimestamp() != null;
    FieldPath path = FieldPath.of("status", "Phase");
    if (!deleting && !phase.equals("Active")) {
      errs.add(
          FieldError.invalid(
              path.toString(), phase, "may only be 'Active' if `deletionTimestamp` is empty"));
    } else if (deleting && !phase.equals("Terminating")) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              phase,
              "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
    return errs;
  }

  /** The namespace {@code finalize} subresource's check of {@code spec.finalizers}. */
  static List<FieldError> validateFinalizeUpdate(Namespace ns, Namespace old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(ns.getMetadata(), old.getMetadata(), true));
    if (ns.getSpec() != null) {
      List<String> finalizers = ObjectMetaValidator.nonNull(ns.getSpec().getFinalizers());
      for (int i = 0; i < finalizers.size(); i++) {
        errs.addAll(
            validateFinalizerName(finalizers.get(i), FieldPath.of("spec", "finalizers").index(i)));
      }
    }
    return errs;
  }

  private static List<FieldError> validateFinalizerName(String finalizer, FieldPath path) {
    String f = ObjectMetaValidator.nullToEmpty(finalizer);
    List<FieldError> errs = new ArrayList<>();
    for (String msg : Names.isQualifiedName(f)) {
      errs.add(FieldError.invalid(path.toString(), f, msg));
    }
    if (!f.contains("/") && !ObjectMetaValidator.STANDARD_FINALIZERS.contains(f)) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              f,
              "name is neither a standard finalizer name nor is it fully qualified"));
    }
    return errs;
  }
}
