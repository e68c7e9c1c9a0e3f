package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * coordination.k8s.io/v1 Lease, the lock of leader election and node heartbeats: a positive
 * duration, non-negative transitions, a known coordinated strategy. Like kube, leases use
 * apimachinery's metadata checks without the core finalizer rule.
 */
final class LeaseRules implements TypeRules<Lease> {

  private static final FieldPath SPEC = FieldPath.of("spec");

  @Override
  public Class<Lease> type() {
    return Lease.class;
  }

  @Override
  public String group() {
    return "coordination.k8s.io";
  }

  @Override
  public String kind() {
    return "Lease";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Lease lease) {
    // kube has no defaults for leases
  }

  @Override
  public List<FieldError> validate(Lease lease) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                lease.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, false));
    errs.addAll(validateSpec(lease.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Lease lease, Lease old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(lease.getMetadata(), old.getMetadata(), false));
    errs.addAll(validateSpec(lease.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(Lease lease, Lease old) {
    return validateUpdate(lease, old);
  }

  private static List<FieldError> validateSpec(LeaseSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if (spec == null) {
      return errs;
    }
    Integer duration = spec.getLeaseDurationSeconds();
    if (duration != null && duration <= 0) {
      errs.add(
          FieldError.invalid(
              SPEC.child("leaseDurationSeconds").toString(), duration, "must be greater than 0"));
    }
    Integer transitions = spec.getLeaseTransitions();
    if (transitions != null && transitions < 0) {
      errs.add(
          FieldError.invalid(
              SPEC.child("leaseTransitions").toString(),
              transitions,
              "must be greater than or equal to 0"));
    }
    String strategy = spec.getStrategy();
    if (strategy != null) {
      FieldPath p = SPEC.child("strategy").child("strategy");
      if (!strategy.contains("/")) {
        if (!strategy.equals("OldestEmulationVersion")) {
          errs.add(
              FieldError.notSupported(p.toString(), strategy, List.of("OldestEmulationVersion")));
        }
      } else {
        for (String msg : Names.isQualifiedName(strategy)) {
          errs.add(FieldError.invalid(p.toString(), strategy, msg));
        }
      }
    }
    if (!PodDefaults.isEmpty(spec.getPreferredHolder())
        && PodDefaults.isEmpty(spec.getStrategy())) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("preferredHolder").toString(),
              "may only be specified if `strategy` is defined"));
    }
    return errs;
  }
}
