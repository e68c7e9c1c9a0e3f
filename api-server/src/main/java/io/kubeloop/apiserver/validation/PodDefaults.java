package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube's defaults for pods and pod templates ({@code SetDefaults_PodSpec}, {@code
 * SetDefaults_Container}, {@code SetDefaults_Volume}, {@code SetDefaults_Probe}...). Pod-only
 * defaults ({@code SetDefaults_Pod}) are kept apart because kube does not apply them to templates.
 */
final class PodDefaults {

  static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
  static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";
  static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  static final int DEFAULT_VOLUME_MODE = 0644;

  private PodDefaults() {}

  /** Defaults of a pod spec, wherever it is embedded. */
  static void applySpec(PodSpec spec) {
    if (spec == null) {
      return;
    }
    if (isEmpty(spec.getDnsPolicy())) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (isEmpty(spec.getRestartPolicy())) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    }
    if (isEmpty(spec.getSchedulerName())) {
      spec.setSchedulerName(DEFAULT_SCHEDULER_NAME);
    }
    // v1's deprecated serviceAccount mirrors serviceAccountName (kube's conversion keeps both)
    if (isEmpty(spec.getServiceAccountName()) && !isEmpty(spec.getServiceAccount())) {
      spec.setServiceAccountName(spec.getServiceAccount());
    }
    if (!isEmpty(spec.getServiceAccountName())) {
      spec.setServiceAccount(spec.getServiceAccountName());
    }
    for (Volume volume : ObjectMetaValidator.nonNull(spec.getVolumes())) {
      applyVolume(volume);
    }
    for (Container c : ObjectMetaValidator.nonNull(spec.getContainers())) {
      applyContainer(c);
    }
    for (Container c : ObjectMetaValidator.nonNull(spec.getInitContainers())) {
      applyContainer(c);
    }
    for (EphemeralContainer c : ObjectMetaValidator.nonNull(spec.getEphemeralContainers())) {
      applyEphemeralContainer(c);
    }
  }

  /** Defaults kube applies to pods but not to templates. */
  static void applyPodOnly(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return;
    }
    // requests default to limits, so that a pod with only limits is Guaranteed
    for (Container c : ObjectMetaValidator.nonNull(spec.getContainers())) {
      defaultRequestsToLimits(c.getResources());
    }
    for (Container c : ObjectMetaValidator.nonNull(spec.getInitContainers())) {
      defaultRequestsToLimits(c.getResources());
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      defaultHostPorts(spec.getContainers());
      defaultHostPorts(spec.getInitContainers());
    }
  }

  static void applyContainer(Container c) {
    if (isEmpty(c.getImagePullPolicy())) {
      c.setImagePullPolicy(defaultPullPolicy(c.getImage()));
    }
    if (isEmpty(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath(DEFAULT_TERMINATION_MESSAGE_PATH);
    }
    if (isEmpty(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    for (ContainerPort port : ObjectMetaValidator.nonNull(c.getPorts())) {
      if (isEmpty(port.getProtocol())) {
        port.setProtocol("TCP");
      }
    }
    for (EnvVar env : ObjectMetaValidator.nonNull(c.getEnv())) {
      if (env.getValueFrom() != null) {
        applyFieldRef(env.getValueFrom().getFieldRef());
      }
    }
    applyProbe(c.getLivenessProbe());
    applyProbe(c.getReadinessProbe());
    applyProbe(c.getStartupProbe());
    applyLifecycle(c.getLifecycle());
    applyResources(c.getResources());
  }

  private static void applyEphemeralContainer(EphemeralContainer c) {
    if (isEmpty(c.getImagePullPolicy())) {
      c.setImagePullPolicy(defaultPullPolicy(c.getImage()));
    }
    if (isEmpty(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath(DEFAULT_TERMINATION_MESSAGE_PATH);
    }
    if (isEmpty(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    for (EnvVar env : ObjectMetaValidator.nonNull(c.getEnv())) {
      if (env.getValueFrom() != null) {
        applyFieldRef(env.getValueFrom().getFieldRef());
      }
    }
  }

  /**
   * {@code Always} for images tagged {@code latest} or not tagged at all, else {@code IfNotPresent}
   * (an image pinned by digest only counts as tagged).
   */
  static String defaultPullPolicy(String image) {
    String tag = imageTag(image);
    return "latest".equals(tag) ? "Always" : "IfNotPresent";
  }

  /**
   * The tag of an image reference as kube's {@code parsers.ParseImageName} reports it: {@code
   * latest} when neither a tag nor a digest is given, empty when only a digest is.
   */
  static String imageTag(String image) {
    if (image == null || image.isEmpty()) {
      return "";
    }
    String ref = image;
    boolean digest = false;
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
      digest = true;
    }
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      return ref.substring(colon + 1);
    }
    return digest ? "" : "latest";
  }

  private static void applyVolume(Volume v) {
    boolean any =
        v.getAwsElasticBlockStore() != null
            || v.getAzureDisk() != null
            || v.getAzureFile() != null
            || v.getCephfs() != null
            || v.getCinder() != null
            || v.getConfigMap() != null
            || v.getCsi() != null
            || v.getDownwardAPI() != null
            || v.getEmptyDir() != null
            || v.getEphemeral() != null
            || v.getFc() != null
            || v.getFlexVolume() != null
            || v.getFlocker() != null
            || v.getGcePersistentDisk() != null
            || v.getGitRepo() != null
            || v.getGlusterfs() != null
            || v.getHostPath() != null
            || v.getImage() != null
            || v.getIscsi() != null
            || v.getNfs() != null
            || v.getPersistentVolumeClaim() != null
            || v.getPhotonPersistentDisk() != null
            || v.getPortworxVolume() != null
            || v.getProjected() != null
            || v.getQuobyte() != null
            || v.getRbd() != null
            || v.getScaleIO() != null
            || v.getSecret() != null
            || v.getStorageos() != null
            || v.getVsphereVolume() != null;
    if (!any) {
      v.setEmptyDir(new EmptyDirVolumeSource());
    }
    if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
      v.getSecret().setDefaultMode(DEFAULT_VOLUME_MODE);
    }
    if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
      v.getConfigMap().setDefaultMode(DEFAULT_VOLUME_MODE);
    }
    if (v.getDownwardAPI() != null) {
      if (v.getDownwardAPI().getDefaultMode() == null) {
        v.getDownwardAPI().setDefaultMode(DEFAULT_VOLUME_MODE);
      }
      for (DownwardAPIVolumeFile f : ObjectMetaValidator.nonNull(v.getDownwardAPI().getItems())) {
        applyFieldRef(f.getFieldRef());
      }
    }
    if (v.getProjected() != null) {
      if (v.getProjected().getDefaultMode() == null) {
        v.getProjected().setDefaultMode(DEFAULT_VOLUME_MODE);
      }
      for (VolumeProjection p : ObjectMetaValidator.nonNull(v.getProjected().getSources())) {
        if (p.getServiceAccountToken() != null
            && p.getServiceAccountToken().getExpirationSeconds() == null) {
          p.getServiceAccountToken().setExpirationSeconds(3600L);
        }
        if (p.getDownwardAPI() != null) {
          for (DownwardAPIVolumeFile f :
              ObjectMetaValidator.nonNull(p.getDownwardAPI().getItems())) {
            applyFieldRef(f.getFieldRef());
          }
        }
      }
    }
    if (v.getHostPath() != null && v.getHostPath().getType() == null) {
      v.getHostPath().setType("");
    }
  }

  private static void applyFieldRef(ObjectFieldSelector ref) {
    if (ref != null && isEmpty(ref.getApiVersion())) {
      ref.setApiVersion("v1");
    }
  }

  private static void applyProbe(Probe p) {
    if (p == null) {
      return;
    }
    if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
      p.setTimeoutSeconds(1);
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
      p.setPeriodSeconds(10);
    }
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
      p.setSuccessThreshold(1);
    }
    if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
      p.setFailureThreshold(3);
    }
    applyHttpGet(p.getHttpGet());
  }

  private static void applyLifecycle(Lifecycle l) {
    if (l == null) {
      return;
    }
    for (LifecycleHandler h : new LifecycleHandler[] {l.getPostStart(), l.getPreStop()}) {
      if (h != null) {
        applyHttpGet(h.getHttpGet());
      }
    }
  }

  private static void applyHttpGet(HTTPGetAction a) {
    if (a == null) {
      return;
    }
    if (isEmpty(a.getPath())) {
      a.setPath("/");
    }
    if (isEmpty(a.getScheme())) {
      a.setScheme("HTTP");
    }
  }

  private static void applyResources(ResourceRequirements r) {
    if (r == null) {
      return;
    }
    if (r.getLimits() != null) {
      r.setLimits(Resources.normalized(r.getLimits()));
    }
    if (r.getRequests() != null) {
      r.setRequests(Resources.normalized(r.getRequests()));
    }
  }

  private static void defaultRequestsToLimits(ResourceRequirements r) {
    if (r == null || r.getLimits() == null || r.getLimits().isEmpty()) {
      return;
    }
    Map<String, Quantity> requests =
        r.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getRequests());
    r.getLimits()
        .forEach(
            (k, v) -> {
              if (!requests.containsKey(k) && v != null) {
                requests.put(k, new Quantity(v.getAmount(), v.getFormat()));
              }
            });
    r.setRequests(requests);
  }

  private static void defaultHostPorts(List<Container> containers) {
    for (Container c : ObjectMetaValidator.nonNull(containers)) {
      for (ContainerPort p : ObjectMetaValidator.nonNull(c.getPorts())) {
        if (p.getHostPort() == null || p.getHostPort() == 0) {
          p.setHostPort(p.getContainerPort());
        }
      }
    }
  }

  static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
