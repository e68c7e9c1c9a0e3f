package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * core/v1 Service. Defaults and validation follow kube; cluster IP allocation is not done here:
 * {@code clusterIP}/{@code clusterIPs} are kept as given and only checked for the rules that do not
 * depend on allocation (headless services, ExternalName, immutability once set).
 */
final class ServiceRules implements TypeRules<Service> {

  static final int DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;
  static final int MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

  private static final FieldPath SPEC = FieldPath.of("spec");
  private static final List<String> TYPES =
      List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> AFFINITIES = List.of("ClientIP", "None");

  @Override
  public Class<Service> type() {
    return Service.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "Service";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Service svc) {
    if (svc.getSpec() == null) {
      svc.setSpec(new ServiceSpec());
    }
    ServiceSpec spec = svc.getSpec();
    if (PodDefaults.isEmpty(spec.getSessionAffinity())) {
      spec.setSessionAffinity("None");
    }
    if (spec.getSessionAffinity().equals("None")) {
      spec.setSessionAffinityConfig(null);
    }
    if (spec.getSessionAffinity().equals("ClientIP")) {
      SessionAffinityConfig config = spec.getSessionAffinityConfig();
      if (config == null
          || config.getClientIP() == null
          || config.getClientIP().getTimeoutSeconds() == null) {
        spec.setSessionAffinityConfig(
            new SessionAffinityConfig(new ClientIPConfig(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS)));
      }
    }
    if (PodDefaults.isEmpty(spec.getType())) {
      spec.setType("ClusterIP");
    }
    for (ServicePort port : ObjectMetaValidator.nonNull(spec.getPorts())) {
      if (PodDefaults.isEmpty(port.getProtocol())) {
        port.setProtocol("TCP");
      }
      IntOrString target = port.getTargetPort();
      boolean unset =
          target == null
              || (target.getStrVal() == null
                  && (target.getIntVal() == null || target.getIntVal() == 0))
              || (target.getStrVal() != null && target.getStrVal().isEmpty());
      if (unset) {
        port.setTargetPort(new IntOrString(port.getPort() == null ? 0 : port.getPort()));
      }
    }
    if (ServiceSpecValidator.externallyAccessible(spec)
        && PodDefaults.isEmpty(spec.getExternalTrafficPolicy())) {
      spec.setExternalTrafficPolicy("Cluster");
    }
    String type = spec.getType();
    if (spec.getInternalTrafficPolicy() == null
        && (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP"))) {
      spec.setInternalTrafficPolicy("Cluster");
    }
    if (type.equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
      spec.setAllocateLoadBalancerNodePorts(true);
    }
  }

  @Override
  public List<FieldError> validate(Service svc) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                svc.getMetadata(), true, NameRule.DNS1035_LABEL, true));
    ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
    String type = ObjectMetaValidator.nullToEmpty(spec.getType());
    List<ServicePort> ports = ObjectMetaValidator.nonNull(spec.getPorts());
    List<String> clusterIps = ServiceSpecValidator.clusterIps(spec);
    boolean headless = clusterIps.size() == 1 && clusterIps.get(0).equals("None");
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
      errs.add(FieldError.required(SPEC.child("ports").toString(), ""));
    }
    switch (type) {
      case "LoadBalancer", "NodePort" -> {
        if (headless) {
          errs.add(
              FieldError.invalid(
                  SPEC.child("clusterIPs").index(0).toString(),
                  "None",
                  "may not be set to 'None' for " + type + " services"));
        }
      }
      case "ExternalName" -> {
        if (!clusterIps.isEmpty()) {
          errs.add(
              FieldError.forbidden(
                  SPEC.child("clusterIPs").toString(), "may not be set for ExternalName services"));
        }
        if (!ObjectMetaValidator.nonNull(spec.getIpFamilies()).isEmpty()) {
          errs.add(
              FieldError.forbidden(
                  SPEC.child("ipFamilies").toString(), "may not be set for ExternalName services"));
        }
        if (spec.getIpFamilyPolicy() != null) {
          errs.add(
              FieldError.forbidden(
                  SPEC.child("ipFamilyPolicy").toString(),
                  "may not be set for ExternalName services"));
        }
        String cname = ObjectMetaValidator.nullToEmpty(spec.getExternalName());
        if (cname.endsWith(".")) {
          cname = cname.substring(0, cname.length() - 1);
        }
        if (cname.isEmpty()) {
          errs.add(FieldError.required(SPEC.child("externalName").toString(), ""));
        } else {
          for (String msg : Names.isDns1123Subdomain(cname)) {
            errs.add(FieldError.invalid(SPEC.child("externalName").toString(), cname, msg));
          }
        }
      }
      default -> {
        // ClusterIP needs nothing more here
      }
    }
    Set<String> portNames = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      errs.addAll(
          validatePort(ports.get(i), ports.size() > 1, portNames, SPEC.child("ports").index(i)));
    }
    errs.addAll(ObjectMetaValidator.validateLabels(spec.getSelector(), SPEC.child("selector")));
    errs.addAll(validateSessionAffinity(spec));
    List<String> externalIps = ObjectMetaValidator.nonNull(spec.getExternalIPs());
    for (int i = 0; i < externalIps.size(); i++) {
      FieldPath p = SPEC.child("externalIPs").index(i);
      String ip = ObjectMetaValidator.nullToEmpty(externalIps.get(i));
      List<FieldError> ipErrs = Ips.validateIp(p, ip);
      errs.addAll(ipErrs.isEmpty() ? ServiceSpecValidator.nonSpecialIp(ip, p) : ipErrs);
    }
    if (type.isEmpty()) {
      errs.add(FieldError.required(SPEC.child("type").toString(), ""));
    } else if (!TYPES.contains(type)) {
      errs.add(FieldError.notSupported(SPEC.child("type").toString(), type, TYPES));
    }
    if (type.equals("ClusterIP")) {
      for (int i = 0; i < ports.size(); i++) {
        if (nodePort(ports.get(i)) != 0) {
          errs.add(
              FieldError.forbidden(
                  SPEC.child("ports").index(i).child("nodePort").toString(),
                  "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
    Set<String> nodePorts = new HashSet<>();
    Set<String> portKeys = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort port = ports.get(i);
      String protocol = ObjectMetaValidator.nullToEmpty(port.getProtocol());
      int np = nodePort(port);
      if (np != 0 && !nodePorts.add(protocol + "/" + np)) {
        errs.add(
            FieldError.duplicate(SPEC.child("ports").index(i).child("nodePort").toString(), np));
      }
      int number = port.getPort() == null ? 0 : port.getPort();
      if (!portKeys.add(protocol + "/" + number)) {
        errs.add(
            FieldError.duplicate(
                SPEC.child("ports").index(i).toString(),
                new GoValue(
                    "core.ServicePort{Name:\"\", Protocol:"
                        + GoValue.quote(protocol)
                        + ", AppProtocol:(*string)(nil), Port:"
                        + number
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")));
      }
    }
    errs.addAll(ServiceSpecValidator.validateLoadBalancerFields(svc, spec, type));
    errs.addAll(ServiceSpecValidator.validateTrafficPolicies(spec, type));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Service svc, Service old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(svc.getMetadata(), old.getMetadata(), true));
    ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
    ServiceSpec oldSpec = old.getSpec() == null ? new ServiceSpec() : old.getSpec();
    errs.addAll(ServiceSpecValidator.clusterIpUpdates(spec, oldSpec));
    if (ServiceSpecValidator.needsHealthCheck(spec)
        && ServiceSpecValidator.needsHealthCheck(oldSpec)
        && !Objects.equals(spec.getHealthCheckNodePort(), oldSpec.getHealthCheckNodePort())) {
      errs.add(
          FieldError.forbidden(SPEC.child("healthCheckNodePort").toString(), "field is immutable"));
    }
    errs.addAll(validate(svc));
    return errs;
  }

  private static List<FieldError> validatePort(
      ServicePort port, boolean requireName, Set<String> names, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String name = ObjectMetaValidator.nullToEmpty(port.getName());
    if (requireName && name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else if (!name.isEmpty()) {
      for (String msg : Names.isDns1123Label(name)) {
        errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
      }
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(path.child("name").toString(), name));
      }
    }
    int number = port.getPort() == null ? 0 : port.getPort();
    for (String msg : Names.isValidPortNum(number)) {
      errs.add(FieldError.invalid(path.child("port").toString(), number, msg));
    }
    String protocol = ObjectMetaValidator.nullToEmpty(port.getProtocol());
    if (protocol.isEmpty()) {
      errs.add(FieldError.required(path.child("protocol").toString(), ""));
    } else if (!ContainerValidator.PROTOCOLS.contains(protocol)) {
      errs.add(
          FieldError.notSupported(
              path.child("protocol").toString(), protocol, ContainerValidator.PROTOCOLS));
    }
    errs.addAll(ProbeValidator.portNumOrName(port.getTargetPort(), path.child("targetPort")));
    if (port.getAppProtocol() != null) {
      for (String msg : Names.isQualifiedName(port.getAppProtocol())) {
        errs.add(
            FieldError.invalid(path.child("appProtocol").toString(), port.getAppProtocol(), msg));
      }
    }
    return errs;
  }

  private static List<FieldError> validateSessionAffinity(ServiceSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    String affinity = ObjectMetaValidator.nullToEmpty(spec.getSessionAffinity());
    FieldPath configPath = SPEC.child("sessionAffinityConfig");
    if (affinity.isEmpty()) {
      errs.add(FieldError.required(SPEC.child("sessionAffinity").toString(), ""));
    } else if (!AFFINITIES.contains(affinity)) {
      errs.add(
          FieldError.notSupported(SPEC.child("sessionAffinity").toString(), affinity, AFFINITIES));
    }
    SessionAffinityConfig config = spec.getSessionAffinityConfig();
    if (affinity.equals("ClientIP")) {
      String why = "when session affinity type is ClientIP";
      if (config == null) {
        errs.add(FieldError.required(configPath.toString(), why));
      } else if (config.getClientIP() == null) {
        errs.add(FieldError.required(configPath.child("clientIP").toString(), why));
      } else if (config.getClientIP().getTimeoutSeconds() == null) {
        errs.add(
            FieldError.required(configPath.child("clientIP", "timeoutSeconds").toString(), why));
      } else {
        int timeout = config.getClientIP().getTimeoutSeconds();
        if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
          errs.add(
              FieldError.invalid(
                  configPath.child("clientIP", "timeoutSeconds").toString(),
                  timeout,
                  "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT_SECONDS));
        }
      }
    } else if (affinity.equals("None") && config != null) {
      errs.add(
          FieldError.forbidden(
              configPath.toString(), "must not be set when session affinity is None"));
    }
    return errs;
  }

  private static int nodePort(ServicePort port) {
    return port.getNodePort() == null ? 0 : port.getNodePort();
  }
}
