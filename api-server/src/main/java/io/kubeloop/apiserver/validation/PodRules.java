package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** core/v1 Pod. */
final class PodRules implements TypeRules<Pod> {

  static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
  static final String DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

  private static final FieldPath META = FieldPath.of("metadata");
  private static final FieldPath SPEC = FieldPath.of("spec");

  @Override
  public Class<Pod> type() {
    return Pod.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "Pod";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Pod pod) {
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodDefaults.applySpec(pod.getSpec());
    PodDefaults.applyPodOnly(pod);
  }

  @Override
  public List<FieldError> validate(Pod pod) {
    List<FieldError> errs = metadataAndSpec(pod);
    PodSpec spec = spec(pod);
    if (!ObjectMetaValidator.nonNull(spec.getEphemeralContainers()).isEmpty()) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("ephemeralContainers").toString(), "cannot be set on create"));
    }
    if (!PodDefaults.isEmpty(spec.getNodeName())
        && !ObjectMetaValidator.nonNull(spec.getSchedulingGates()).isEmpty()) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("nodeName").toString(),
              "cannot be set until all schedulingGates have been cleared"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Pod pod, Pod old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(pod.getMetadata(), old.getMetadata(), true));
    // kube runs the create-time metadata checks again on update, so a bad finalizer shows twice
    errs.addAll(metadataAndSpec(pod));
    errs.addAll(annotationUpdates(meta(pod), meta(old)));
    errs.addAll(PodUpdateValidator.validate(pod.getSpec(), old.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(Pod pod, Pod old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(pod.getMetadata(), old.getMetadata(), true));
    errs.addAll(annotationUpdates(meta(pod), meta(old)));
    FieldPath status = FieldPath.of("status");
    if (!Objects.equals(
        ObjectMetaValidator.nullToEmpty(spec(pod).getNodeName()),
        ObjectMetaValidator.nullToEmpty(spec(old).getNodeName()))) {
      errs.add(
          FieldError.forbidden(status.child("nodeName").toString(), "may not be changed directly"));
    }
    PodStatus s = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    PodStatus os = old.getStatus() == null ? new PodStatus() : old.getStatus();
    String nominated = ObjectMetaValidator.nullToEmpty(s.getNominatedNodeName());
    if (!nominated.isEmpty() && !nominated.equals(os.getNominatedNodeName())) {
      for (String msg : Names.isDns1123Subdomain(nominated)) {
        errs.add(FieldError.invalid(status.child("nominatedNodeName").toString(), nominated, msg));
      }
    }
    if (!Objects.equals(
        ObjectMetaValidator.nullToEmpty(s.getQosClass()),
        ObjectMetaValidator.nullToEmpty(os.getQosClass()))) {
      errs.add(
          FieldError.invalid(
              status.child("qosClass").toString(),
              ObjectMetaValidator.nullToEmpty(s.getQosClass()),
              ObjectMetaValidator.FIELD_IMMUTABLE));
    }
    String restartPolicy = ObjectMetaValidator.nullToEmpty(spec(old).getRestartPolicy());
    errs.addAll(
        stateTransitions(
            s.getContainerStatuses(),
            os.getContainerStatuses(),
            status.child("containerStatuses"),
            restartPolicy));
    List<PodIP> podIps = ObjectMetaValidator.nonNull(s.getPodIPs());
    for (int i = 0; i < podIps.size(); i++) {
      errs.addAll(
          Ips.validateIp(
              status.child("podIPs").index(i),
              ObjectMetaValidator.nullToEmpty(podIps.get(i).getIp())));
    }
    return errs;
  }

  /** kube's {@code validatePodMetadataAndSpec}: shared by create and update. */
  private static List<FieldError> metadataAndSpec(Pod pod) {
    ObjectMeta meta = meta(pod);
    PodSpec spec = spec(pod);
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(meta, true, NameRule.DNS1123_SUBDOMAIN, true));
    errs.addAll(podAnnotations(meta.getAnnotations(), spec));
    errs.addAll(PodSpecValidator.validate(spec, SPEC, true));
    if (PodDefaults.isEmpty(spec.getServiceAccountName())) {
      List<Volume> volumes = ObjectMetaValidator.nonNull(spec.getVolumes());
      for (int vi = 0; vi < volumes.size(); vi++) {
        if (volumes.get(vi).getProjected() == null) {
          continue;
        }
        List<VolumeProjection> sources =
            ObjectMetaValidator.nonNull(volumes.get(vi).getProjected().getSources());
        for (int si = 0; si < sources.size(); si++) {
          if (sources.get(si).getServiceAccountToken() != null) {
            errs.add(
                FieldError.forbidden(
                    SPEC.child("volumes")
                        .index(vi)
                        .child("projected", "sources")
                        .index(si)
                        .child("serviceAccountToken")
                        .toString(),
                    "must not be specified when serviceAccountName is not set"));
          }
        }
      }
    }
    errs.addAll(
        ContainerValidator.validateImageWhitespace(
            ObjectMetaValidator.nonNull(spec.getContainers()), SPEC.child("containers")));
    errs.addAll(
        ContainerValidator.validateImageWhitespace(
            ObjectMetaValidator.nonNull(spec.getInitContainers()), SPEC.child("initContainers")));
    return errs;
  }

  private static List<FieldError> podAnnotations(Map<String, String> annotations, PodSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if (annotations == null) {
      return errs;
    }
    FieldPath path = META.child("annotations");
    if (annotations.containsKey(MIRROR_POD_ANNOTATION) && PodDefaults.isEmpty(spec.getNodeName())) {
      errs.add(
          FieldError.invalid(
              path.key(MIRROR_POD_ANNOTATION).toString(),
              annotations.get(MIRROR_POD_ANNOTATION),
              "must set spec.nodeName if mirror pod annotation is set"));
    }
    String cost = annotations.get(DELETION_COST_ANNOTATION);
    if (cost != null) {
      try {
        Integer.parseInt(cost);
      } catch (NumberFormatException e) {
        errs.add(
            FieldError.invalid(
                path.key(DELETION_COST_ANNOTATION).toString(), cost, "must be a 32bit integer"));
      }
    }
    return errs;
  }

  private static List<FieldError> annotationUpdates(ObjectMeta meta, ObjectMeta old) {
    List<FieldError> errs = new ArrayList<>();
    Map<String, String> n = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> o = old.getAnnotations() == null ? Map.of() : old.getAnnotations();
    FieldPath path = META.child("annotations");
    String oldMirror = o.get(MIRROR_POD_ANNOTATION);
    String newMirror = n.get(MIRROR_POD_ANNOTATION);
    if (oldMirror != null && !oldMirror.equals(newMirror)) {
      errs.add(
          FieldError.forbidden(
              path.key(MIRROR_POD_ANNOTATION).toString(),
              "may not remove or update mirror pod annotation"));
    }
    if (oldMirror == null && newMirror != null) {
      errs.add(
          FieldError.forbidden(
              path.key(MIRROR_POD_ANNOTATION).toString(), "may not add mirror pod annotation"));
    }
    return errs;
  }

  /** With restartPolicy Never (or OnFailure after success) a terminated container stays so. */
  private static List<FieldError> stateTransitions(
      List<ContainerStatus> newStatuses,
      List<ContainerStatus> oldStatuses,
      FieldPath path,
      String restartPolicy) {
    List<FieldError> errs = new ArrayList<>();
    if (restartPolicy.equals("Always")) {
      return errs;
    }
    List<ContainerStatus> olds = ObjectMetaValidator.nonNull(oldStatuses);
    for (int i = 0; i < olds.size(); i++) {
      ContainerStatus old = olds.get(i);
      if (old.getState() == null || old.getState().getTerminated() == null) {
        continue;
      }
      Integer exit = old.getState().getTerminated().getExitCode();
      if (exit != null && exit != 0 && restartPolicy.equals("OnFailure")) {
        continue;
      }
      for (ContainerStatus n : ObjectMetaValidator.nonNull(newStatuses)) {
        if (Objects.equals(n.getName(), old.getName())
            && (n.getState() == null || n.getState().getTerminated() == null)) {
          errs.add(
              FieldError.forbidden(
                  path.index(i).child("state").toString(),
                  "may not be transitioned to non-terminated state"));
        }
      }
    }
    return errs;
  }

  private static ObjectMeta meta(Pod pod) {
    return pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
  }

  private static PodSpec spec(Pod pod) {
    return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
  }
}
