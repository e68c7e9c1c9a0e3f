package io.kubeloop.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protobuf message of each built-in kind, from the descriptors of kube's {@code
 * generated.proto} files. A kind is found by its group and version the way go-to-protobuf names
 * packages: group {@code rbac.authorization.k8s.io} version {@code v1} is package {@code
 * k8s.io.api.rbac.v1}, the core group is {@code k8s.io.api.core.v1}, and the options kinds of
 * {@code meta.k8s.io} ({@code DeleteOptions}...) are in apimachinery's {@code meta.v1}.
 *
 * <p>The descriptors are those of the stable ({@code v1}) packages client-java-proto 24 carries,
 * generated from Kubernetes 1.28: fields added to a type since then are not known and are skipped
 * when read, as kube skips fields it does not know; groups it lacks (coordination, events,
 * discovery, apiextensions) have no protobuf form here.
 *
 * <p>Immutable after class initialisation; thread-safe.
 */
final class KubeDescriptors {

  private static final String META_PACKAGE = "k8s.io.apimachinery.pkg.apis.meta.v1";

  /** Full message name to descriptor, for every message of every file. */
  private static final Map<String, Descriptor> MESSAGES = index();

  private KubeDescriptors() {}

  private static Map<String, Descriptor> index() {
    List<FileDescriptor> files =
        List.of(
            Meta.getDescriptor(),
            Runtime.getDescriptor(),
            Resource.getDescriptor(),
            IntStr.getDescriptor(),
            V1.getDescriptor(),
            V1Apps.getDescriptor(),
            V1Authentication.getDescriptor(),
            V1Authorization.getDescriptor(),
            V1Autoscaling.getDescriptor(),
            V1Batch.getDescriptor(),
            V1Certificates.getDescriptor(),
            V1Networking.getDescriptor(),
            V1Policy.getDescriptor(),
            V1Rbac.getDescriptor(),
            V1Scheduling.getDescriptor(),
            V1Storage.getDescriptor(),
            V1Admissionregistration.getDescriptor());
    Map<String, Descriptor> messages = new HashMap<>();
    for (FileDescriptor file : files) {
      for (Descriptor message : file.getMessageTypes()) {
        messages.put(message.getFullName(), message);
      }
    }
    return Map.copyOf(messages);
  }

  /**
   * The message of a kind, e.g. {@code ("apps/v1", "Deployment")}; empty when there is none (a
   * custom resource, or a group this schema lacks).
   */
  static Optional<Descriptor> forKind(String apiVersion, String kind) {
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      return Optional.empty();
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    String pkg;
    if (group.equals("meta.k8s.io")) {
      pkg = META_PACKAGE;
    } else if (group.isEmpty()) {
      pkg = "k8s.io.api.core." + version;
    } else if (group.contains(".") && !group.endsWith(".k8s.io")) {
      return Optional.empty(); // a custom resource's group
    } else {
      int dot = group.indexOf('.');
      pkg = "k8s.io.api." + (dot < 0 ? group : group.substring(0, dot)) + "." + version;
    }
    Descriptor message = MESSAGES.get(pkg + "." + kind);
    if (message == null && kind.endsWith("Options")) {
      // client-go encodes DeleteOptions under the group version of the request
      message = MESSAGES.get(META_PACKAGE + "." + kind);
    }
    return Optional.ofNullable(message);
  }

  /** The message of a full name, e.g. {@code k8s.io.api.core.v1.Pod}, or null. */
  static Descriptor byName(String fullName) {
    return MESSAGES.get(fullName);
  }
}
