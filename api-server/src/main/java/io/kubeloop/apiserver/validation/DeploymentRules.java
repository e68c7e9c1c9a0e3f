package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * apps/v1 Deployment. Defaults: 1 replica, RollingUpdate with 25%/25%, 10 revisions kept, a
 * 600-second progress deadline, and the pod template's defaults.
 */
final class DeploymentRules implements TypeRules<Deployment> {

  private static final FieldPath SPEC = FieldPath.of("spec");

  @Override
  public Class<Deployment> type() {
    return Deployment.class;
  }

  @Override
  public String group() {
    return "apps";
  }

  @Override
  public String kind() {
    return "Deployment";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Deployment d) {
    if (d.getSpec() == null) {
      d.setSpec(new DeploymentSpec());
    }
    DeploymentSpec spec = d.getSpec();
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    if (spec.getStrategy() == null) {
      spec.setStrategy(new DeploymentStrategy());
    }
    DeploymentStrategy strategy = spec.getStrategy();
    if (PodDefaults.isEmpty(strategy.getType())) {
      strategy.setType("RollingUpdate");
    }
    if (strategy.getType().equals("RollingUpdate")) {
      if (strategy.getRollingUpdate() == null) {
        strategy.setRollingUpdate(new RollingUpdateDeployment());
      }
      if (strategy.getRollingUpdate().getMaxUnavailable() == null) {
        strategy.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
      }
      if (strategy.getRollingUpdate().getMaxSurge() == null) {
        strategy.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
      }
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    if (spec.getProgressDeadlineSeconds() == null) {
      spec.setProgressDeadlineSeconds(600);
    }
    applyTemplateDefaults(spec.getTemplate());
  }

  static void applyTemplateDefaults(PodTemplateSpec template) {
    if (template == null) {
      return;
    }
    if (template.getSpec() == null) {
      template.setSpec(new PodSpec());
    }
    PodDefaults.applySpec(template.getSpec());
  }

  @Override
  public List<FieldError> validate(Deployment d) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                d.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, true));
    errs.addAll(validateSpec(d.getSpec() == null ? new DeploymentSpec() : d.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Deployment d, Deployment old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(d.getMetadata(), old.getMetadata(), true));
    DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
    errs.addAll(validateSpec(spec));
    DeploymentSpec oldSpec = old.getSpec() == null ? new DeploymentSpec() : old.getSpec();
    errs.addAll(WorkloadValidator.selectorImmutable(spec.getSelector(), oldSpec.getSelector()));
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(Deployment d, Deployment old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(d.getMetadata(), old.getMetadata(), true));
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    FieldPath status = FieldPath.of("status");
    int replicas = s.getReplicas() == null ? 0 : s.getReplicas();
    WorkloadValidator.counter(
        errs, status, "observedGeneration", s.getObservedGeneration(), replicas, false);
    WorkloadValidator.counter(errs, status, "replicas", s.getReplicas(), replicas, false);
    WorkloadValidator.counter(
        errs, status, "updatedReplicas", s.getUpdatedReplicas(), replicas, true);
    WorkloadValidator.counter(errs, status, "readyReplicas", s.getReadyReplicas(), replicas, true);
    WorkloadValidator.counter(
        errs, status, "availableReplicas", s.getAvailableReplicas(), replicas, true);
    WorkloadValidator.counter(
        errs, status, "unavailableReplicas", s.getUnavailableReplicas(), replicas, false);
    WorkloadValidator.counter(
        errs, status, "collisionCount", s.getCollisionCount(), replicas, false);
    WorkloadValidator.availableNotAboveReady(
        errs, status, s.getAvailableReplicas(), s.getReadyReplicas());
    Integer before = old.getStatus() == null ? null : old.getStatus().getCollisionCount();
    Integer now = s.getCollisionCount();
    if (before != null && (now == null || now < before)) {
      errs.add(
          FieldError.invalid(
              status.child("collisionCount").toString(),
              now == null ? 0 : now,
              "cannot be decremented"));
    }
    return errs;
  }

  private static List<FieldError> validateSpec(DeploymentSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    ContainerValidator.nonNegative(errs, spec.getReplicas(), SPEC.child("replicas"));
    errs.addAll(
        WorkloadValidator.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate()));
    errs.addAll(validateStrategy(spec.getStrategy()));
    int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
    ContainerValidator.nonNegative(errs, minReady, SPEC.child("minReadySeconds"));
    ContainerValidator.nonNegative(
        errs, spec.getRevisionHistoryLimit(), SPEC.child("revisionHistoryLimit"));
    if (spec.getProgressDeadlineSeconds() != null) {
      FieldPath p = SPEC.child("progressDeadlineSeconds");
      ContainerValidator.nonNegative(errs, spec.getProgressDeadlineSeconds(), p);
      if (spec.getProgressDeadlineSeconds() <= minReady) {
        errs.add(
            FieldError.invalid(
                p.toString(),
                spec.getProgressDeadlineSeconds(),
                "must be greater than minReadySeconds"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateStrategy(DeploymentStrategy strategy) {
    List<FieldError> errs = new ArrayList<>();
    DeploymentStrategy s = strategy == null ? new DeploymentStrategy() : strategy;
    FieldPath path = SPEC.child("strategy");
    String type = ObjectMetaValidator.nullToEmpty(s.getType());
    switch (type) {
      case "Recreate" -> {
        if (s.getRollingUpdate() != null) {
          errs.add(
              FieldError.forbidden(
                  path.child("rollingUpdate").toString(),
                  "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case "RollingUpdate" -> {
        RollingUpdateDeployment ru = s.getRollingUpdate();
        if (ru == null) {
          errs.add(
              FieldError.required(
                  path.child("rollingUpdate").toString(),
                  "this should be defaulted and never be nil"));
        } else {
          FieldPath rp = path.child("rollingUpdate");
          errs.addAll(
              WorkloadValidator.positiveIntOrPercent(
                  ru.getMaxUnavailable(), rp.child("maxUnavailable")));
          errs.addAll(
              WorkloadValidator.positiveIntOrPercent(ru.getMaxSurge(), rp.child("maxSurge")));
          if (WorkloadValidator.intOrPercentValue(ru.getMaxUnavailable()) == 0
              && WorkloadValidator.intOrPercentValue(ru.getMaxSurge()) == 0) {
            errs.add(
                FieldError.invalid(
                    rp.child("maxUnavailable").toString(),
                    GoValue.intOrString(ru.getMaxUnavailable()),
                    "may not be 0 when `maxSurge` is 0"));
          }
          errs.addAll(
              WorkloadValidator.notMoreThan100Percent(
                  ru.getMaxUnavailable(), rp.child("maxUnavailable")));
        }
      }
      default ->
          errs.add(
              FieldError.notSupported(
                  path.toString(),
                  new GoValue(
                      "apps.DeploymentStrategy{Type:"
                          + GoValue.quote(type)
                          + ", RollingUpdate:(*apps.RollingUpdateDeployment)("
                          + (s.getRollingUpdate() == null ? "nil" : "&{...}")
                          + ")}"),
                  List.of("Recreate", "RollingUpdate")));
    }
    return errs;
  }
}
