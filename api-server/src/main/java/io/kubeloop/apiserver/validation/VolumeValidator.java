package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.kubeloop.apiserver.errors.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code spec.volumes}: unique DNS-label names, exactly one source per volume, and the checks of
 * the sources pods commonly use. Sources of cloud and legacy in-tree drivers are only counted.
 */
final class VolumeValidator {

  static final String FILE_MODE_ERROR =
      "must be a number between 0 and 0777 (octal), both inclusive";

  private static final List<String> HOST_PATH_TYPES =
      List.of(
          "",
          "BlockDevice",
          "CharDevice",
          "Directory",
          "DirectoryOrCreate",
          "File",
          "FileOrCreate",
          "Socket");

  /**
   * One kind of volume source, in kube's checking order; {@code validatePath} is the child name
   * kube validates it under, which differs from the field name for a few historic sources.
   */
  private record Source(
      String field,
      String validatePath,
      Function<Volume, Object> get,
      BiFunction<Object, FieldPath, List<FieldError>> validate) {}

  private static final List<Source> SOURCES =
      List.of(
          new Source("emptyDir", "emptyDir", Volume::getEmptyDir, VolumeValidator::emptyDir),
          new Source("hostPath", "hostPath", Volume::getHostPath, VolumeValidator::hostPath),
          new Source(
              "gitRepo",
              "gitRepo",
              Volume::getGitRepo,
              (o, p) ->
                  required(
                      ((io.fabric8.kubernetes.api.model.GitRepoVolumeSource) o).getRepository(),
                      p.child("repository"))),
          new Source("gcePersistentDisk", "persistentDisk", Volume::getGcePersistentDisk, none()),
          new Source(
              "awsElasticBlockStore",
              "awsElasticBlockStore",
              Volume::getAwsElasticBlockStore,
              none()),
          new Source("secret", "secret", Volume::getSecret, VolumeValidator::secret),
          new Source("nfs", "nfs", Volume::getNfs, VolumeValidator::nfs),
          new Source("iscsi", "iscsi", Volume::getIscsi, none()),
          new Source("glusterfs", "glusterfs", Volume::getGlusterfs, none()),
          new Source("flocker", "flocker", Volume::getFlocker, none()),
          new Source(
              "persistentVolumeClaim",
              "persistentVolumeClaim",
              Volume::getPersistentVolumeClaim,
              (o, p) ->
                  required(
                      ((io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource) o)
                          .getClaimName(),
                      p.child("claimName"))),
          new Source("rbd", "rbd", Volume::getRbd, none()),
          new Source("cinder", "cinder", Volume::getCinder, none()),
          new Source("cephFS", "cephfs", Volume::getCephfs, none()),
          new Source("quobyte", "quobyte", Volume::getQuobyte, none()),
          // kube's own typo: the "more than 1 volume type" error names "downwarAPI"
          new Source(
              "downwarAPI", "downwardAPI", Volume::getDownwardAPI, VolumeValidator::downwardApi),
          new Source("fc", "fc", Volume::getFc, none()),
          new Source(
              "flexVolume",
              "flexVolume",
              Volume::getFlexVolume,
              (o, p) ->
                  required(
                      ((io.fabric8.kubernetes.api.model.FlexVolumeSource) o).getDriver(),
                      p.child("driver"))),
          new Source("configMap", "configMap", Volume::getConfigMap, VolumeValidator::configMap),
          new Source("azureFile", "azureFile", Volume::getAzureFile, none()),
          new Source("vsphereVolume", "vsphereVolume", Volume::getVsphereVolume, none()),
          new Source(
              "photonPersistentDisk",
              "photonPersistentDisk",
              Volume::getPhotonPersistentDisk,
              none()),
          new Source("portworxVolume", "portworxVolume", Volume::getPortworxVolume, none()),
          new Source("azureDisk", "azureDisk", Volume::getAzureDisk, none()),
          new Source("storageos", "storageos", Volume::getStorageos, none()),
          new Source("projected", "projected", Volume::getProjected, VolumeValidator::projected),
          new Source("scaleIO", "scaleIO", Volume::getScaleIO, none()),
          new Source(
              "csi",
              "csi",
              Volume::getCsi,
              (o, p) ->
                  required(
                      ((io.fabric8.kubernetes.api.model.CSIVolumeSource) o).getDriver(),
                      p.child("driver"))),
          new Source("ephemeral", "ephemeral", Volume::getEphemeral, none()),
          new Source("image", "image", Volume::getImage, none()));

  private VolumeValidator() {}

  /**
   * Validates the volumes and returns, by name, those that are valid: containers may only mount
   * those, so a mount of an invalid volume is reported as not found, as kube does.
   */
  static Map<String, Volume> validate(List<Volume> volumes, FieldPath path, List<FieldError> errs) {
    Map<String, Volume> valid = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      FieldPath idx = path.index(i);
      FieldPath namePath = idx.child("name");
      List<FieldError> el = validateSource(v, idx);
      String name = ObjectMetaValidator.nullToEmpty(v.getName());
      if (name.isEmpty()) {
        el.add(FieldError.required(namePath.toString(), ""));
      } else {
        for (String msg : Names.isDns1123Label(name)) {
          el.add(FieldError.invalid(namePath.toString(), name, msg));
        }
      }
      if (names.contains(name)) {
        el.add(FieldError.duplicate(namePath.toString(), name));
      }
      if (el.isEmpty()) {
        names.add(name);
        valid.put(name, v);
      } else {
        errs.addAll(el);
      }
    }
    return valid;
  }

  private static List<FieldError> validateSource(Volume v, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    int count = 0;
    for (Source s : SOURCES) {
      Object source = s.get().apply(v);
      if (source == null) {
        continue;
      }
      if (count > 0) {
        errs.add(
            FieldError.forbidden(
                path.child(s.field()).toString(), "may not specify more than 1 volume type"));
      } else {
        count++;
        errs.addAll(s.validate().apply(source, path.child(s.validatePath())));
      }
    }
    if (count == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a volume type"));
    }
    return errs;
  }

  private static BiFunction<Object, FieldPath, List<FieldError>> none() {
    return (o, p) -> List.of();
  }

  private static List<FieldError> required(String value, FieldPath path) {
    if (value == null || value.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    return List.of();
  }

  private static List<FieldError> emptyDir(Object o, FieldPath path) {
    EmptyDirVolumeSource e = (EmptyDirVolumeSource) o;
    if (e.getSizeLimit() != null) {
      try {
        if (Quantities.value(e.getSizeLimit()).compareTo(BigDecimal.ZERO) < 0) {
          return List.of(
              FieldError.forbidden(
                  path.child("sizeLimit").toString(),
                  "SizeLimit field must be a valid resource quantity"));
        }
      } catch (IllegalArgumentException ex) {
        return List.of(
            FieldError.invalid(
                path.child("sizeLimit").toString(),
                Quantities.text(e.getSizeLimit()),
                ex.getMessage()));
      }
    }
    return List.of();
  }

  private static List<FieldError> hostPath(Object o, FieldPath path) {
    HostPathVolumeSource h = (HostPathVolumeSource) o;
    List<FieldError> errs = new ArrayList<>();
    String p = ObjectMetaValidator.nullToEmpty(h.getPath());
    if (p.isEmpty()) {
      errs.add(FieldError.required(path.child("path").toString(), ""));
      return errs;
    }
    errs.addAll(pathNoBacksteps(p, path.child("path")));
    if (h.getType() != null && !HOST_PATH_TYPES.contains(h.getType())) {
      errs.add(
          FieldError.notSupported(path.child("type").toString(), h.getType(), HOST_PATH_TYPES));
    }
    return errs;
  }

  private static List<FieldError> secret(Object o, FieldPath path) {
    SecretVolumeSource s = (SecretVolumeSource) o;
    List<FieldError> errs = new ArrayList<>(required(s.getSecretName(), path.child("secretName")));
    errs.addAll(mode(s.getDefaultMode(), path.child("defaultMode")));
    errs.addAll(items(s.getItems(), path.child("items")));
    return errs;
  }

  private static List<FieldError> configMap(Object o, FieldPath path) {
    ConfigMapVolumeSource c = (ConfigMapVolumeSource) o;
    List<FieldError> errs = new ArrayList<>(required(c.getName(), path.child("name")));
    errs.addAll(mode(c.getDefaultMode(), path.child("defaultMode")));
    errs.addAll(items(c.getItems(), path.child("items")));
    return errs;
  }

  private static List<FieldError> nfs(Object o, FieldPath path) {
    var n = (io.fabric8.kubernetes.api.model.NFSVolumeSource) o;
    List<FieldError> errs = new ArrayList<>(required(n.getServer(), path.child("server")));
    String p = ObjectMetaValidator.nullToEmpty(n.getPath());
    errs.addAll(required(p, path.child("path")));
    if (!p.startsWith("/")) {
      errs.add(FieldError.invalid(path.child("path").toString(), p, "must be an absolute path"));
    }
    return errs;
  }

  private static List<FieldError> downwardApi(Object o, FieldPath path) {
    DownwardAPIVolumeSource d = (DownwardAPIVolumeSource) o;
    List<FieldError> errs = new ArrayList<>(mode(d.getDefaultMode(), path.child("defaultMode")));
    for (DownwardAPIVolumeFile f : ObjectMetaValidator.nonNull(d.getItems())) {
      errs.addAll(downwardApiFile(f, path));
    }
    return errs;
  }

  private static List<FieldError> downwardApiFile(DownwardAPIVolumeFile f, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String p = ObjectMetaValidator.nullToEmpty(f.getPath());
    errs.addAll(required(p, path.child("path")));
    errs.addAll(localNonReservedPath(p, path.child("path")));
    if (f.getFieldRef() != null) {
      errs.addAll(EnvValidator.objectFieldSelector(f.getFieldRef(), true, path.child("fieldRef")));
      if (f.getResourceFieldRef() != null) {
        errs.add(
            FieldError.invalid(
                path.toString(),
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously"));
      }
    } else if (f.getResourceFieldRef() != null) {
      errs.addAll(
          EnvValidator.resourceFieldSelector(
              f.getResourceFieldRef(), true, path.child("resourceFieldRef")));
    } else {
      errs.add(
          FieldError.required(path.toString(), "one of fieldRef and resourceFieldRef is required"));
    }
    errs.addAll(mode(f.getMode(), path.child("mode")));
    return errs;
  }

  private static List<FieldError> projected(Object o, FieldPath path) {
    ProjectedVolumeSource pv = (ProjectedVolumeSource) o;
    List<FieldError> errs = new ArrayList<>(mode(pv.getDefaultMode(), path.child("defaultMode")));
    Set<String> paths = new HashSet<>();
    List<VolumeProjection> sources = ObjectMetaValidator.nonNull(pv.getSources());
    for (int i = 0; i < sources.size(); i++) {
      VolumeProjection source = sources.get(i);
      FieldPath src = path.child("sources").index(i);
      int count = 0;
      if (source.getSecret() != null) {
        count++;
        FieldPath p = src.child("secret");
        errs.addAll(required(source.getSecret().getName(), p.child("name")));
        errs.addAll(
            projectedItems(
                source.getSecret().getItems(),
                p.child("items"),
                path,
                source.getSecret().getName(),
                paths));
      }
      if (source.getConfigMap() != null) {
        count++;
        FieldPath p = src.child("configMap");
        errs.addAll(required(source.getConfigMap().getName(), p.child("name")));
        errs.addAll(
            projectedItems(
                source.getConfigMap().getItems(),
                p.child("items"),
                path,
                source.getConfigMap().getName(),
                paths));
      }
      if (source.getDownwardAPI() != null) {
        count++;
        for (DownwardAPIVolumeFile f :
            ObjectMetaValidator.nonNull(source.getDownwardAPI().getItems())) {
          errs.addAll(downwardApiFile(f, src.child("downwardAPI")));
          String p = ObjectMetaValidator.nullToEmpty(f.getPath());
          if (!p.isEmpty() && !paths.add(p)) {
            errs.add(FieldError.invalid(path.toString(), p, "conflicting duplicate paths"));
          }
        }
      }
      if (source.getServiceAccountToken() != null) {
        count++;
        FieldPath p = src.child("serviceAccountToken");
        long expiration =
            source.getServiceAccountToken().getExpirationSeconds() == null
                ? 0
                : source.getServiceAccountToken().getExpirationSeconds();
        if (expiration < 600) {
          errs.add(
              FieldError.invalid(
                  p.child("expirationSeconds").toString(),
                  expiration,
                  "may not specify a duration less than 10 minutes"));
        }
        if (expiration > (1L << 32)) {
          errs.add(
              FieldError.invalid(
                  p.child("expirationSeconds").toString(),
                  expiration,
                  "may not specify a duration larger than 2^32 seconds"));
        }
        String tokenPath =
            ObjectMetaValidator.nullToEmpty(source.getServiceAccountToken().getPath());
        if (tokenPath.isEmpty()) {
          errs.add(FieldError.required(path.child("path").toString(), ""));
        } else {
          errs.addAll(localNonReservedPath(tokenPath, path.child("path")));
        }
      }
      if (source.getClusterTrustBundle() != null) {
        count++;
      }
      if (source.getPodCertificate() != null) {
        count++;
      }
      if (count > 1) {
        errs.add(
            FieldError.forbidden(
                src.toString(), "may not specify more than 1 volume type per source"));
      }
    }
    return errs;
  }

  private static List<FieldError> projectedItems(
      List<KeyToPath> items,
      FieldPath itemsPath,
      FieldPath volumePath,
      String sourceName,
      Set<String> paths) {
    List<FieldError> errs = new ArrayList<>();
    List<KeyToPath> list = ObjectMetaValidator.nonNull(items);
    for (int i = 0; i < list.size(); i++) {
      KeyToPath kp = list.get(i);
      errs.addAll(keyToPath(kp, itemsPath.index(i)));
      String p = ObjectMetaValidator.nullToEmpty(kp.getPath());
      if (!p.isEmpty() && !paths.add(p)) {
        errs.add(
            FieldError.invalid(
                volumePath.toString(),
                ObjectMetaValidator.nullToEmpty(sourceName),
                "conflicting duplicate paths"));
      }
    }
    return errs;
  }

  private static List<FieldError> items(List<KeyToPath> items, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<KeyToPath> list = ObjectMetaValidator.nonNull(items);
    for (int i = 0; i < list.size(); i++) {
      errs.addAll(keyToPath(list.get(i), path.index(i)));
    }
    return errs;
  }

  private static List<FieldError> keyToPath(KeyToPath kp, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(required(kp.getKey(), path.child("key")));
    String p = ObjectMetaValidator.nullToEmpty(kp.getPath());
    errs.addAll(required(p, path.child("path")));
    errs.addAll(localNonReservedPath(p, path.child("path")));
    errs.addAll(mode(kp.getMode(), path.child("mode")));
    return errs;
  }

  private static List<FieldError> mode(Integer mode, FieldPath path) {
    if (mode != null && (mode > 0777 || mode < 0)) {
      return List.of(FieldError.invalid(path.toString(), mode, FILE_MODE_ERROR));
    }
    return List.of();
  }

  /** A relative path without {@code ..} elements that does not start with {@code ..}. */
  static List<FieldError> localNonReservedPath(String target, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(localDescendingPath(target, path));
    if (target.startsWith("..") && !target.startsWith("../")) {
      errs.add(FieldError.invalid(path.toString(), target, "must not start with '..'"));
    }
    return errs;
  }

  static List<FieldError> localDescendingPath(String target, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (target.startsWith("/")) {
      errs.add(FieldError.invalid(path.toString(), target, "must be a relative path"));
    }
    errs.addAll(pathNoBacksteps(target, path));
    return errs;
  }

  static List<FieldError> pathNoBacksteps(String target, FieldPath path) {
    for (String item : target.split("/", -1)) {
      if (item.equals("..")) {
        return List.of(FieldError.invalid(path.toString(), target, "must not contain '..'"));
      }
    }
    return List.of();
  }
}
