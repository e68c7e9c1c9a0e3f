package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code PodSpec} and {@code PodTemplateSpec} validation after kube's {@code ValidatePodSpec}. */
final class PodSpecValidator {

  private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES =
      List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final Pattern SYSCTL =
      Pattern.compile("([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?");

  private PodSpecValidator() {}

  /**
   * Validates a pod spec.
   *
   * @param resourceIsPod whether the spec belongs to a pod (stricter host-port rule) rather than a
   *     template embedded in another object
   */
  static List<FieldError> validate(PodSpec spec, FieldPath path, boolean resourceIsPod) {
    List<FieldError> errs = new ArrayList<>();
    if (spec == null) {
      spec = new PodSpec();
    }
    Long gracePeriod = spec.getTerminationGracePeriodSeconds();
    if (gracePeriod == null) {
      errs.add(FieldError.required(path.child("terminationGracePeriodSeconds").toString(), ""));
    }
    Map<String, Volume> volumes =
        VolumeValidator.validate(
            ObjectMetaValidator.nonNull(spec.getVolumes()), path.child("volumes"), errs);
    List<Container> containers = ObjectMetaValidator.nonNull(spec.getContainers());
    List<Container> initContainers = ObjectMetaValidator.nonNull(spec.getInitContainers());
    errs.addAll(
        ContainerValidator.validateContainers(
            containers, volumes, gracePeriod, path.child("containers")));
    errs.addAll(
        ContainerValidator.validateInitContainers(
            initContainers, containers, volumes, gracePeriod, path.child("initContainers")));
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      for (int i = 0; i < containers.size(); i++) {
        List<ContainerPort> ports = ObjectMetaValidator.nonNull(containers.get(i).getPorts());
        for (int j = 0; j < ports.size(); j++) {
          int hp = ports.get(j).getHostPort() == null ? 0 : ports.get(j).getHostPort();
          int cp = ports.get(j).getContainerPort() == null ? 0 : ports.get(j).getContainerPort();
          if ((resourceIsPod || hp != 0) && hp != cp) {
            errs.add(
                FieldError.invalid(
                    path.child("containers")
                        .index(i)
                        .child("ports")
                        .index(j)
                        .child("hostPort")
                        .toString(),
                    hp,
                    "must match `containerPort` when `hostNetwork` is true"));
          }
        }
      }
    }
    String restartPolicy = ObjectMetaValidator.nullToEmpty(spec.getRestartPolicy());
    if (restartPolicy.isEmpty()) {
      errs.add(FieldError.required(path.child("restartPolicy").toString(), ""));
    } else if (!RESTART_POLICIES.contains(restartPolicy)) {
      errs.add(
          FieldError.notSupported(
              path.child("restartPolicy").toString(), restartPolicy, RESTART_POLICIES));
    }
    String dnsPolicy = ObjectMetaValidator.nullToEmpty(spec.getDnsPolicy());
    if (dnsPolicy.isEmpty()) {
      errs.add(FieldError.required(path.child("dnsPolicy").toString(), ""));
    } else if (!DNS_POLICIES.contains(dnsPolicy)) {
      errs.add(
          FieldError.notSupported(path.child("dnsPolicy").toString(), dnsPolicy, DNS_POLICIES));
    }
    errs.addAll(
        ObjectMetaValidator.validateLabels(spec.getNodeSelector(), path.child("nodeSelector")));
    errs.addAll(validateSecurityContext(spec, path.child("securityContext")));
    errs.addAll(SchedulingValidator.validateAffinity(spec.getAffinity(), path.child("affinity")));
    errs.addAll(
        SchedulingValidator.validateDnsConfig(
            spec.getDnsConfig(), dnsPolicy, path.child("dnsConfig")));
    List<PodReadinessGate> gates = ObjectMetaValidator.nonNull(spec.getReadinessGates());
    for (int i = 0; i < gates.size(); i++) {
      String type = ObjectMetaValidator.nullToEmpty(gates.get(i).getConditionType());
      FieldPath p = path.child("readinessGates").index(i).child("conditionType");
      for (String msg : Names.isQualifiedName(type)) {
        errs.add(FieldError.invalid(p.toString(), type, msg));
      }
    }
    List<PodSchedulingGate> schedulingGates =
        ObjectMetaValidator.nonNull(spec.getSchedulingGates());
    Set<String> seenGates = new HashSet<>();
    for (int i = 0; i < schedulingGates.size(); i++) {
      String name = ObjectMetaValidator.nullToEmpty(schedulingGates.get(i).getName());
      FieldPath p = path.child("schedulingGates").index(i);
      for (String msg : Names.isQualifiedName(name)) {
        errs.add(FieldError.invalid(p.toString(), name, msg));
      }
      if (!seenGates.add(name)) {
        errs.add(FieldError.duplicate(p.toString(), name));
      }
    }
    errs.addAll(
        SchedulingValidator.validateTopologySpread(
            ObjectMetaValidator.nonNull(spec.getTopologySpreadConstraints()),
            path.child("topologySpreadConstraints")));
    subdomain(errs, spec.getServiceAccountName(), path.child("serviceAccountName"));
    subdomain(errs, spec.getNodeName(), path.child("nodeName"));
    if (spec.getActiveDeadlineSeconds() != null) {
      long v = spec.getActiveDeadlineSeconds();
      if (v < 1 || v > Integer.MAX_VALUE) {
        errs.add(
            FieldError.invalid(
                path.child("activeDeadlineSeconds").toString(),
                v,
                Names.inclusiveRangeError(1, Integer.MAX_VALUE)));
      }
    }
    label(errs, spec.getHostname(), path.child("hostname"));
    label(errs, spec.getSubdomain(), path.child("subdomain"));
    errs.addAll(
        TaintValidator.validateTolerations(
            ObjectMetaValidator.nonNull(spec.getTolerations()), path.child("tolerations")));
    List<HostAlias> aliases = ObjectMetaValidator.nonNull(spec.getHostAliases());
    for (int i = 0; i < aliases.size(); i++) {
      FieldPath p = path.child("hostAliases").index(i);
      errs.addAll(
          Ips.validateIp(p.child("ip"), ObjectMetaValidator.nullToEmpty(aliases.get(i).getIp())));
      List<String> hostnames = ObjectMetaValidator.nonNull(aliases.get(i).getHostnames());
      for (int j = 0; j < hostnames.size(); j++) {
        String h = ObjectMetaValidator.nullToEmpty(hostnames.get(j));
        for (String msg : Names.isDns1123Subdomain(h)) {
          errs.add(FieldError.invalid(p.child("hostnames").index(j).toString(), h, msg));
        }
      }
    }
    subdomain(errs, spec.getPriorityClassName(), path.child("priorityClassName"));
    if (spec.getRuntimeClassName() != null) {
      String r = spec.getRuntimeClassName();
      for (String msg : Names.isDns1123Subdomain(r)) {
        errs.add(FieldError.invalid(path.child("runtimeClassName").toString(), r, msg));
      }
    }
    if (spec.getPreemptionPolicy() != null) {
      String p = spec.getPreemptionPolicy();
      List<String> supported = List.of("PreemptLowerPriority", "Never");
      if (p.isEmpty()) {
        errs.add(FieldError.required(path.child("preemptionPolicy").toString(), ""));
      } else if (!supported.contains(p)) {
        errs.add(FieldError.notSupported(path.child("preemptionPolicy").toString(), p, supported));
      }
    }
    if (spec.getOverhead() != null && !spec.getOverhead().isEmpty()) {
      errs.addAll(Resources.validateQuantities(spec.getOverhead(), path.child("overhead")));
    }
    if (spec.getOs() != null) {
      String os = ObjectMetaValidator.nullToEmpty(spec.getOs().getName());
      if (os.isEmpty()) {
        errs.add(FieldError.required(path.child("os", "name").toString(), ""));
      } else if (!os.equals("linux") && !os.equals("windows")) {
        errs.add(
            FieldError.notSupported(
                path.child("os", "name").toString(), os, List.of("linux", "windows")));
      }
    }
    return errs;
  }

  /**
   * A pod template: its labels and annotations, its spec, and no ephemeral containers. The
   * template's own name, namespace and other metadata are not checked, as in kube.
   */
  static List<FieldError> validateTemplate(PodTemplateSpec template, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    errs.addAll(ObjectMetaValidator.validateLabels(meta.getLabels(), path.child("labels")));
    errs.addAll(
        ObjectMetaValidator.validateAnnotations(meta.getAnnotations(), path.child("annotations")));
    PodSpec spec = template.getSpec();
    errs.addAll(validate(spec, path.child("spec"), false));
    if (spec != null && !ObjectMetaValidator.nonNull(spec.getEphemeralContainers()).isEmpty()) {
      errs.add(
          FieldError.forbidden(
              path.child("spec", "ephemeralContainers").toString(),
              "ephemeral containers not allowed in pod template"));
    }
    return errs;
  }

  private static List<FieldError> validateSecurityContext(PodSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    PodSecurityContext sc = spec.getSecurityContext();
    if (sc == null) {
      return errs;
    }
    ContainerValidator.unixId(errs, sc.getFsGroup(), path.child("fsGroup"));
    ContainerValidator.unixId(errs, sc.getRunAsUser(), path.child("runAsUser"));
    ContainerValidator.unixId(errs, sc.getRunAsGroup(), path.child("runAsGroup"));
    List<Long> groups = ObjectMetaValidator.nonNull(sc.getSupplementalGroups());
    for (int i = 0; i < groups.size(); i++) {
      ContainerValidator.unixId(errs, groups.get(i), path.child("supplementalGroups").index(i));
    }
    if (Boolean.TRUE.equals(spec.getShareProcessNamespace())
        && Boolean.TRUE.equals(spec.getHostPID())) {
      errs.add(
          FieldError.invalid(
              path.child("shareProcessNamespace").toString(),
              true,
              "ShareProcessNamespace and HostPID cannot both be enabled"));
    }
    List<Sysctl> sysctls = ObjectMetaValidator.nonNull(sc.getSysctls());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sysctls.size(); i++) {
      String name = ObjectMetaValidator.nullToEmpty(sysctls.get(i).getName());
      FieldPath p = path.child("sysctls").index(i).child("name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(p.toString(), ""));
      } else if (name.length() > 253 || !SYSCTL.matcher(name).matches()) {
        errs.add(
            FieldError.invalid(
                p.toString(),
                name,
                "must have at most 253 characters and match regex " + SYSCTL.pattern()));
      } else if (!names.add(name)) {
        errs.add(FieldError.duplicate(p.toString(), name));
      }
    }
    if (sc.getFsGroupChangePolicy() != null) {
      List<String> supported = List.of("Always", "OnRootMismatch");
      if (!supported.contains(sc.getFsGroupChangePolicy())) {
        errs.add(
            FieldError.notSupported(
                path.child("fsGroupChangePolicy").toString(),
                sc.getFsGroupChangePolicy(),
                supported));
      }
    }
    SeccompProfile seccomp = sc.getSeccompProfile();
    if (seccomp != null) {
      String type = ObjectMetaValidator.nullToEmpty(seccomp.getType());
      List<String> supported = List.of("Localhost", "RuntimeDefault", "Unconfined");
      FieldPath p = path.child("seccompProfile", "type");
      if (type.isEmpty()) {
        errs.add(FieldError.required(p.toString(), "type is required when seccompProfile is set"));
      } else if (!supported.contains(type)) {
        errs.add(FieldError.notSupported(p.toString(), type, supported));
      }
    }
    return errs;
  }

  private static void subdomain(List<FieldError> errs, String value, FieldPath path) {
    if (value != null && !value.isEmpty()) {
      for (String msg : Names.isDns1123Subdomain(value)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
  }

  private static void label(List<FieldError> errs, String value, FieldPath path) {
    if (value != null && !value.isEmpty()) {
      for (String msg : Names.isDns1123Label(value)) {
        errs.add(FieldError.invalid(path.toString(), value, msg));
      }
    }
  }
}
