package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ReplicaSet. Defaults: 1 replica and the pod template's defaults. */
final class ReplicaSetRules implements TypeRules<ReplicaSet> {

  private static final FieldPath SPEC = FieldPath.of("spec");

  @Override
  public Class<ReplicaSet> type() {
    return ReplicaSet.class;
  }

  @Override
  public String group() {
    return "apps";
  }

  @Override
  public String kind() {
    return "ReplicaSet";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(ReplicaSet rs) {
    if (rs.getSpec() == null) {
      rs.setSpec(new ReplicaSetSpec());
    }
    if (rs.getSpec().getReplicas() == null) {
      rs.getSpec().setReplicas(1);
    }
    DeploymentRules.applyTemplateDefaults(rs.getSpec().getTemplate());
  }

  @Override
  public List<FieldError> validate(ReplicaSet rs) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                rs.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, true));
    errs.addAll(validateSpec(rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(ReplicaSet rs, ReplicaSet old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(rs.getMetadata(), old.getMetadata(), true));
    ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
    errs.addAll(validateSpec(spec));
    ReplicaSetSpec oldSpec = old.getSpec() == null ? new ReplicaSetSpec() : old.getSpec();
    errs.addAll(WorkloadValidator.selectorImmutable(spec.getSelector(), oldSpec.getSelector()));
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(ReplicaSet rs, ReplicaSet old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(rs.getMetadata(), old.getMetadata(), true));
    ReplicaSetStatus s = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    FieldPath status = FieldPath.of("status");
    int replicas = s.getReplicas() == null ? 0 : s.getReplicas();
    WorkloadValidator.counter(errs, status, "replicas", s.getReplicas(), replicas, false);
    WorkloadValidator.counter(
        errs, status, "fullyLabeledReplicas", s.getFullyLabeledReplicas(), replicas, true);
    WorkloadValidator.counter(errs, status, "readyReplicas", s.getReadyReplicas(), replicas, true);
    WorkloadValidator.counter(
        errs, status, "availableReplicas", s.getAvailableReplicas(), replicas, true);
    WorkloadValidator.counter(
        errs, status, "observedGeneration", s.getObservedGeneration(), replicas, false);
    WorkloadValidator.availableNotAboveReady(
        errs, status, s.getAvailableReplicas(), s.getReadyReplicas());
    return errs;
  }

  private static List<FieldError> validateSpec(ReplicaSetSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    ContainerValidator.nonNegative(errs, spec.getReplicas(), SPEC.child("replicas"));
    ContainerValidator.nonNegative(errs, spec.getMinReadySeconds(), SPEC.child("minReadySeconds"));
    errs.addAll(
        WorkloadValidator.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate()));
    return errs;
  }
}
