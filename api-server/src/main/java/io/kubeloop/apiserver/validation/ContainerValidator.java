package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Regular and init containers of a pod spec, after kube's {@code validateContainers} family. */
final class ContainerValidator {

  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> TERMINATION_MESSAGE_POLICIES =
      List.of("File", "FallbackToLogsOnError");
  private static final List<String> MOUNT_PROPAGATIONS =
      List.of("Bidirectional", "HostToContainer", "None");
  private static final long MAX_UNIX_ID = 0xffffffffL;

  private ContainerValidator() {}

  /** {@code spec.containers}: at least one, unique names, probes and lifecycle allowed. */
  static List<FieldError> validateContainers(
      List<Container> containers, Map<String, Volume> volumes, Long gracePeriod, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (containers.isEmpty()) {
      errs.add(FieldError.required(path.toString(), ""));
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      FieldPath p = path.index(i);
      errs.addAll(validateCommon(c, volumes, p));
      String name = ObjectMetaValidator.nullToEmpty(c.getName());
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(p.child("name").toString(), name));
      }
      if (c.getLifecycle() != null) {
        errs.addAll(
            ProbeValidator.validateLifecycle(c.getLifecycle(), gracePeriod, p.child("lifecycle")));
      }
      errs.addAll(
          ProbeValidator.validateProbe(
              c.getLivenessProbe(),
              gracePeriod,
              ProbeValidator.Kind.LIVENESS,
              p.child("livenessProbe")));
      errs.addAll(
          ProbeValidator.validateProbe(
              c.getReadinessProbe(),
              gracePeriod,
              ProbeValidator.Kind.READINESS,
              p.child("readinessProbe")));
      errs.addAll(
          ProbeValidator.validateProbe(
              c.getStartupProbe(),
              gracePeriod,
              ProbeValidator.Kind.STARTUP,
              p.child("startupProbe")));
      if (c.getRestartPolicy() != null) {
        errs.add(
            FieldError.forbidden(
                p.child("restartPolicy").toString(), "may not be set for non-init containers"));
      }
    }
    errs.addAll(hostPortConflicts(containers, path));
    return errs;
  }

  /**
   * {@code spec.initContainers}: names unique across init and regular containers; probes and
   * lifecycle only for restartable (sidecar) init containers.
   */
  static List<FieldError> validateInitContainers(
      List<Container> containers,
      List<Container> regular,
      Map<String, Volume> volumes,
      Long gracePeriod,
      FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Container c : regular) {
      names.add(ObjectMetaValidator.nullToEmpty(c.getName()));
    }
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      FieldPath p = path.index(i);
      errs.addAll(validateCommon(c, volumes, p));
      boolean restartAlways = false;
      if (c.getRestartPolicy() != null) {
        if (!c.getRestartPolicy().equals("Always")) {
          errs.add(
              FieldError.notSupported(
                  p.child("restartPolicy").toString(), c.getRestartPolicy(), List.of("Always")));
        }
        restartAlways = c.getRestartPolicy().equals("Always");
      }
      String name = ObjectMetaValidator.nullToEmpty(c.getName());
      if (names.contains(name)) {
        errs.add(FieldError.duplicate(p.child("name").toString(), name));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
      errs.addAll(hostPortConflicts(List.of(c), path));
      if (restartAlways) {
        if (c.getLifecycle() != null) {
          errs.addAll(
              ProbeValidator.validateLifecycle(
                  c.getLifecycle(), gracePeriod, p.child("lifecycle")));
        }
        errs.addAll(
            ProbeValidator.validateProbe(
                c.getLivenessProbe(),
                gracePeriod,
                ProbeValidator.Kind.LIVENESS,
                p.child("livenessProbe")));
        errs.addAll(
            ProbeValidator.validateProbe(
                c.getReadinessProbe(),
                gracePeriod,
                ProbeValidator.Kind.READINESS,
                p.child("readinessProbe")));
        errs.addAll(
            ProbeValidator.validateProbe(
                c.getStartupProbe(),
                gracePeriod,
                ProbeValidator.Kind.STARTUP,
                p.child("startupProbe")));
      } else {
        String why = "may not be set for init containers without restartPolicy=Always";
        if (c.getLifecycle() != null) {
          errs.add(FieldError.forbidden(p.child("lifecycle").toString(), why));
        }
        if (c.getLivenessProbe() != null) {
          errs.add(FieldError.forbidden(p.child("livenessProbe").toString(), why));
        }
        if (c.getReadinessProbe() != null) {
          errs.add(FieldError.forbidden(p.child("readinessProbe").toString(), why));
        }
        if (c.getStartupProbe() != null) {
          errs.add(FieldError.forbidden(p.child("startupProbe").toString(), why));
        }
      }
    }
    return errs;
  }

  /** The pod-only check: images may not have leading or trailing whitespace. */
  static List<FieldError> validateImageWhitespace(List<Container> containers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      String image = ObjectMetaValidator.nullToEmpty(containers.get(i).getImage());
      if (!image.equals(image.strip())) {
        errs.add(
            FieldError.invalid(
                path.index(i).child("image").toString(),
                image,
                "must not have leading or trailing whitespace"));
      }
    }
    return errs;
  }

  private static List<FieldError> validateCommon(
      Container c, Map<String, Volume> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String name = ObjectMetaValidator.nullToEmpty(c.getName());
    if (name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else {
      for (String msg : Names.isDns1123Label(name)) {
        errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
      }
    }
    if (ObjectMetaValidator.nullToEmpty(c.getImage()).isEmpty()) {
      errs.add(FieldError.required(path.child("image").toString(), ""));
    }
    String tmp = ObjectMetaValidator.nullToEmpty(c.getTerminationMessagePolicy());
    if (tmp.isEmpty()) {
      errs.add(FieldError.required(path.child("terminationMessagePolicy").toString(), ""));
    } else if (!TERMINATION_MESSAGE_POLICIES.contains(tmp)) {
      errs.add(
          FieldError.notSupported(
              path.child("terminationMessagePolicy").toString(),
              tmp,
              TERMINATION_MESSAGE_POLICIES));
    }
    errs.addAll(validatePorts(ObjectMetaValidator.nonNull(c.getPorts()), path.child("ports")));
    errs.addAll(
        EnvValidator.validateEnv(ObjectMetaValidator.nonNull(c.getEnv()), path.child("env")));
    errs.addAll(
        EnvValidator.validateEnvFrom(
            ObjectMetaValidator.nonNull(c.getEnvFrom()), path.child("envFrom")));
    errs.addAll(validateVolumeMounts(c, volumes, path.child("volumeMounts")));
    String pull = ObjectMetaValidator.nullToEmpty(c.getImagePullPolicy());
    if (pull.isEmpty()) {
      errs.add(FieldError.required(path.child("imagePullPolicy").toString(), ""));
    } else if (!PULL_POLICIES.contains(pull)) {
      errs.add(
          FieldError.notSupported(path.child("imagePullPolicy").toString(), pull, PULL_POLICIES));
    }
    errs.addAll(Resources.validateRequirements(c.getResources(), path.child("resources")));
    errs.addAll(validateSecurityContext(c.getSecurityContext(), path.child("securityContext")));
    return errs;
  }

  static List<FieldError> validatePorts(List<ContainerPort> ports, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort port = ports.get(i);
      FieldPath p = path.index(i);
      String name = ObjectMetaValidator.nullToEmpty(port.getName());
      if (!name.isEmpty()) {
        List<String> msgs = Names.isValidPortName(name);
        if (!msgs.isEmpty()) {
          for (String msg : msgs) {
            errs.add(FieldError.invalid(p.child("name").toString(), name, msg));
          }
        } else if (!names.add(name)) {
          errs.add(FieldError.duplicate(p.child("name").toString(), name));
        }
      }
      int containerPort = port.getContainerPort() == null ? 0 : port.getContainerPort();
      if (containerPort == 0) {
        errs.add(FieldError.required(p.child("containerPort").toString(), ""));
      } else {
        for (String msg : Names.isValidPortNum(containerPort)) {
          errs.add(FieldError.invalid(p.child("containerPort").toString(), containerPort, msg));
        }
      }
      int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
      if (hostPort != 0) {
        for (String msg : Names.isValidPortNum(hostPort)) {
          errs.add(FieldError.invalid(p.child("hostPort").toString(), hostPort, msg));
        }
      }
      String protocol = ObjectMetaValidator.nullToEmpty(port.getProtocol());
      if (protocol.isEmpty()) {
        errs.add(FieldError.required(p.child("protocol").toString(), ""));
      } else if (!PROTOCOLS.contains(protocol)) {
        errs.add(FieldError.notSupported(p.child("protocol").toString(), protocol, PROTOCOLS));
      }
    }
    return errs;
  }

  private static List<FieldError> hostPortConflicts(List<Container> containers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int ci = 0; ci < containers.size(); ci++) {
      List<ContainerPort> ports = ObjectMetaValidator.nonNull(containers.get(ci).getPorts());
      for (int pi = 0; pi < ports.size(); pi++) {
        ContainerPort port = ports.get(pi);
        int hostPort = port.getHostPort() == null ? 0 : port.getHostPort();
        if (hostPort == 0) {
          continue;
        }
        String key =
            ObjectMetaValidator.nullToEmpty(port.getProtocol())
                + "/"
                + ObjectMetaValidator.nullToEmpty(port.getHostIP())
                + "/"
                + hostPort;
        if (!seen.add(key)) {
          errs.add(
              FieldError.duplicate(
                  path.index(ci).child("ports").index(pi).child("hostPort").toString(), key));
        }
      }
    }
    return errs;
  }

  private static List<FieldError> validateVolumeMounts(
      Container c, Map<String, Volume> volumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> mountPoints = new HashSet<>();
    List<VolumeMount> mounts = ObjectMetaValidator.nonNull(c.getVolumeMounts());
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      FieldPath p = path.index(i);
      String name = ObjectMetaValidator.nullToEmpty(m.getName());
      if (name.isEmpty()) {
        errs.add(FieldError.required(p.child("name").toString(), ""));
      }
      if (!volumes.containsKey(name)) {
        errs.add(FieldError.notFound(p.child("name").toString(), name));
      }
      String mountPath = ObjectMetaValidator.nullToEmpty(m.getMountPath());
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(p.child("mountPath").toString(), ""));
      }
      if (!mountPoints.add(mountPath)) {
        errs.add(FieldError.invalid(p.child("mountPath").toString(), mountPath, "must be unique"));
      }
      String subPath = ObjectMetaValidator.nullToEmpty(m.getSubPath());
      if (!subPath.isEmpty()) {
        // kube reports subPath problems at volumeMounts.subPath, without the index
        errs.addAll(VolumeValidator.localDescendingPath(subPath, path.child("subPath")));
      }
      String subPathExpr = ObjectMetaValidator.nullToEmpty(m.getSubPathExpr());
      if (!subPathExpr.isEmpty()) {
        if (!subPath.isEmpty()) {
          errs.add(
              FieldError.invalid(
                  p.child("subPathExpr").toString(),
                  subPathExpr,
                  "subPathExpr and subPath are mutually exclusive"));
        }
        errs.addAll(VolumeValidator.localDescendingPath(subPathExpr, path.child("subPathExpr")));
      }
      if (m.getMountPropagation() != null) {
        FieldPath mp = path.child("mountPropagation");
        if (!MOUNT_PROPAGATIONS.contains(m.getMountPropagation())) {
          errs.add(
              FieldError.notSupported(mp.toString(), m.getMountPropagation(), MOUNT_PROPAGATIONS));
        }
        boolean privileged =
            c.getSecurityContext() != null
                && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
        if (m.getMountPropagation().equals("Bidirectional") && !privileged) {
          errs.add(
              FieldError.forbidden(
                  mp.toString(),
                  "Bidirectional mount propagation is available only to privileged containers"));
        }
      }
    }
    return errs;
  }

  private static List<FieldError> validateSecurityContext(SecurityContext sc, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sc == null) {
      return errs;
    }
    unixId(errs, sc.getRunAsUser(), path.child("runAsUser"));
    unixId(errs, sc.getRunAsGroup(), path.child("runAsGroup"));
    if (sc.getProcMount() != null
        && !sc.getProcMount().equals("Default")
        && !sc.getProcMount().equals("Unmasked")) {
      errs.add(
          FieldError.notSupported(
              path.child("procMount").toString(),
              sc.getProcMount(),
              List.of("Default", "Unmasked")));
    }
    if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
        && Boolean.TRUE.equals(sc.getPrivileged())) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              new GoValue("&core.SecurityContext{...}"),
              "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    }
    return errs;
  }

  static void unixId(List<FieldError> errs, Long id, FieldPath path) {
    if (id != null && (id < 0 || id > MAX_UNIX_ID)) {
      errs.add(FieldError.invalid(path.toString(), id, Names.inclusiveRangeError(0, MAX_UNIX_ID)));
    }
  }

  static void nonNegative(List<FieldError> errs, Number value, FieldPath path) {
    if (value != null && value.longValue() < 0) {
      errs.add(FieldError.invalid(path.toString(), value, "must be greater than or equal to 0"));
    }
  }
}
