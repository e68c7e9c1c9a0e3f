package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.kubeloop.apiserver.errors.FieldError;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of Service validation about exposure: load balancer fields, traffic policies, external
 * IPs and the cluster IPs' immutability.
 */
final class ServiceSpecValidator {

  private static final FieldPath SPEC = FieldPath.of("spec");
  private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
  private static final List<String> TRAFFIC_DISTRIBUTIONS =
      List.of("PreferClose", "PreferSameNode", "PreferSameZone");

  private ServiceSpecValidator() {}

  static List<FieldError> validateLoadBalancerFields(Service svc, ServiceSpec spec, String type) {
    List<FieldError> errs = new ArrayList<>();
    boolean lb = type.equals("LoadBalancer");
    List<String> ranges = ObjectMetaValidator.nonNull(spec.getLoadBalancerSourceRanges());
    if (!ranges.isEmpty()) {
      // kube's path really is capitalised here
      FieldPath p = SPEC.child("LoadBalancerSourceRanges");
      if (!lb) {
        errs.add(
            FieldError.forbidden(p.toString(), "may only be used when `type` is 'LoadBalancer'"));
      }
      for (int i = 0; i < ranges.size(); i++) {
        errs.addAll(
            Ips.validateCidr(p.index(i), ObjectMetaValidator.nullToEmpty(ranges.get(i)).strip()));
      }
    }
    if (spec.getAllocateLoadBalancerNodePorts() != null && !lb) {
      errs.add(
          FieldError.forbidden(
              SPEC.child("allocateLoadBalancerNodePorts").toString(),
              "may only be used when `type` is 'LoadBalancer'"));
    }
    if (lb && spec.getAllocateLoadBalancerNodePorts() == null) {
      // kube reports this one without the "spec." prefix
      errs.add(FieldError.required("allocateLoadBalancerNodePorts", ""));
    }
    if (spec.getLoadBalancerClass() != null) {
      if (!lb) {
        errs.add(
            FieldError.forbidden(
                SPEC.child("loadBalancerClass").toString(),
                "may only be used when `type` is 'LoadBalancer'"));
      } else {
        for (String msg : Names.isQualifiedName(spec.getLoadBalancerClass())) {
          errs.add(
              FieldError.invalid(
                  SPEC.child("loadBalancerClass").toString(), spec.getLoadBalancerClass(), msg));
        }
      }
    }
    return errs;
  }

  static List<FieldError> validateTrafficPolicies(ServiceSpec spec, String type) {
    List<FieldError> errs = new ArrayList<>();
    String external = ObjectMetaValidator.nullToEmpty(spec.getExternalTrafficPolicy());
    if (!externallyAccessible(spec)) {
      if (!external.isEmpty()) {
        errs.add(
            FieldError.invalid(
                SPEC.child("externalTrafficPolicy").toString(),
                external,
                "may only be set for externally-accessible services"));
      }
    } else if (external.isEmpty()) {
      errs.add(FieldError.required(SPEC.child("externalTrafficPolicy").toString(), ""));
    } else if (!TRAFFIC_POLICIES.contains(external)) {
      errs.add(
          FieldError.notSupported(
              SPEC.child("externalTrafficPolicy").toString(), external, TRAFFIC_POLICIES));
    }
    int healthCheck = spec.getHealthCheckNodePort() == null ? 0 : spec.getHealthCheckNodePort();
    if (!needsHealthCheck(spec)) {
      if (healthCheck != 0) {
        errs.add(
            FieldError.invalid(
                SPEC.child("healthCheckNodePort").toString(),
                healthCheck,
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
      }
    } else if (healthCheck == 0) {
      // the allocator fills it in before validation in kube; an unallocated one is reported
      errs.add(FieldError.required(SPEC.child("healthCheckNodePort").toString(), ""));
    } else {
      for (String msg : Names.isValidPortNum(healthCheck)) {
        errs.add(
            FieldError.invalid(SPEC.child("healthCheckNodePort").toString(), healthCheck, msg));
      }
    }
    String internal = spec.getInternalTrafficPolicy();
    if (internal == null) {
      if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
        errs.add(FieldError.required(SPEC.child("internalTrafficPolicy").toString(), ""));
      }
    } else if (!TRAFFIC_POLICIES.contains(internal)) {
      errs.add(
          FieldError.notSupported(
              SPEC.child("internalTrafficPolicy").toString(), internal, TRAFFIC_POLICIES));
    }
    String distribution = spec.getTrafficDistribution();
    if (distribution != null && !TRAFFIC_DISTRIBUTIONS.contains(distribution)) {
      errs.add(
          FieldError.notSupported(
              SPEC.child("trafficDistribution").toString(), distribution, TRAFFIC_DISTRIBUTIONS));
    }
    return errs;
  }

  /** Once allocated, the primary cluster IP may not change (ExternalName aside). */
  static List<FieldError> clusterIpUpdates(ServiceSpec spec, ServiceSpec oldSpec) {
    List<FieldError> errs = new ArrayList<>();
    if ("ExternalName".equals(spec.getType()) || "ExternalName".equals(oldSpec.getType())) {
      return errs;
    }
    List<String> now = clusterIps(spec);
    List<String> before = clusterIps(oldSpec);
    boolean headlessNow = now.size() == 1 && now.get(0).equals("None");
    boolean headlessBefore = before.size() == 1 && before.get(0).equals("None");
    if (headlessNow && headlessBefore) {
      return errs;
    }
    String path = SPEC.child("clusterIPs").index(0).toString();
    GoValue value = GoValue.stringSlice(now);
    if (before.size() == now.size()) {
      for (int i = 0; i < before.size(); i++) {
        if (!before.get(i).equals(now.get(i))) {
          errs.add(FieldError.invalid(path, value, "may not change once set"));
        }
      }
    } else if (before.size() > now.size()) {
      if (now.isEmpty()) {
        errs.add(FieldError.invalid(path, value, "primary clusterIP can not be unset"));
      } else if (!now.get(0).equals(before.get(0))) {
        errs.add(FieldError.invalid(path, value, "may not change once set"));
      }
      if (now.size() == 1 && !"SingleStack".equals(spec.getIpFamilyPolicy())) {
        errs.add(
            FieldError.invalid(
                path,
                value,
                "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (!before.isEmpty() && !now.get(0).equals(before.get(0))) {
      errs.add(FieldError.invalid(path, value, "may not change once set"));
    }
    return errs;
  }

  static List<FieldError> nonSpecialIp(String ip, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Optional<InetAddress> parsed = Ips.parse(ip);
    if (parsed.isEmpty()) {
      return errs;
    }
    InetAddress a = parsed.get();
    if (a.isAnyLocalAddress()) {
      errs.add(FieldError.invalid(path.toString(), ip, "may not be unspecified (" + ip + ")"));
    }
    if (a.isLoopbackAddress()) {
      errs.add(
          FieldError.invalid(
              path.toString(), ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
    }
    if (a.isLinkLocalAddress()) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              ip,
              "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
    }
    if (a.isMCLinkLocal()) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              ip,
              "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
    }
    return errs;
  }

  static boolean externallyAccessible(ServiceSpec spec) {
    String type = spec.getType();
    return "LoadBalancer".equals(type)
        || "NodePort".equals(type)
        || ("ClusterIP".equals(type)
            && !ObjectMetaValidator.nonNull(spec.getExternalIPs()).isEmpty());
  }

  static boolean needsHealthCheck(ServiceSpec spec) {
    return "LoadBalancer".equals(spec.getType()) && "Local".equals(spec.getExternalTrafficPolicy());
  }

  /**
   * {@code clusterIPs}, or {@code [clusterIP]} when only the singular field is set: kube's strategy
   * copies one into the other before validating, the allocator may not have yet.
   */
  static List<String> clusterIps(ServiceSpec spec) {
    List<String> ips = ObjectMetaValidator.nonNull(spec.getClusterIPs());
    if (!ips.isEmpty()) {
      return ips;
    }
    return PodDefaults.isEmpty(spec.getClusterIP()) ? List.of() : List.of(spec.getClusterIP());
  }
}
