package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * core/v1 Node: cluster-scoped, DNS-1123 subdomain name; taints; pod CIDRs (one per IP family, set
 * once); provider ID set once; capacity and allocatable quantities.
 */
final class NodeRules implements TypeRules<Node> {

  private static final FieldPath META = FieldPath.of("metadata");

  @Override
  public Class<Node> type() {
    return Node.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "Node";
  }

  @Override
  public boolean namespaced() {
    return false;
  }

  @Override
  public void applyDefaults(Node node) {
    NodeStatus status = node.getStatus();
    if (status == null) {
      return;
    }
    if (status.getCapacity() != null) {
      status.setCapacity(Resources.normalized(status.getCapacity()));
    }
    if ((status.getAllocatable() == null || status.getAllocatable().isEmpty())
        && status.getCapacity() != null
        && !status.getCapacity().isEmpty()) {
      status.setAllocatable(new LinkedHashMap<>(status.getCapacity()));
    } else if (status.getAllocatable() != null) {
      status.setAllocatable(Resources.normalized(status.getAllocatable()));
    }
  }

  @Override
  public List<FieldError> validate(Node node) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                node.getMetadata(), false, NameRule.DNS1123_SUBDOMAIN, true));
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    // kube reports node taints under metadata.taints, not spec.taints
    errs.addAll(
        TaintValidator.validateTaints(
            ObjectMetaValidator.nonNull(spec.getTaints()), META.child("taints")));
    errs.addAll(validateResources(node));
    List<String> cidrs = ObjectMetaValidator.nonNull(spec.getPodCIDRs());
    FieldPath cidrPath = FieldPath.of("spec", "podCIDRs");
    boolean allValid = true;
    for (int i = 0; i < cidrs.size(); i++) {
      List<FieldError> e =
          Ips.validateCidr(cidrPath.index(i), ObjectMetaValidator.nullToEmpty(cidrs.get(i)));
      allValid &= e.isEmpty();
      errs.addAll(e);
    }
    if (cidrs.size() > 1 && allValid) {
      long v4 =
          cidrs.stream().map(Ips::parseCidr).flatMap(Optional::stream).filter(Ips::isIpv4).count();
      boolean dualStack = v4 >= 1 && v4 < cidrs.size();
      if (!dualStack || cidrs.size() > 2) {
        errs.add(
            FieldError.invalid(
                cidrPath.toString(),
                GoValue.stringSlice(cidrs),
                "may specify no more than one CIDR for each IP family"));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < cidrs.size(); i++) {
        if (!seen.add(cidrs.get(i))) {
          errs.add(FieldError.duplicate(cidrPath.index(i).toString(), cidrs.get(i)));
        }
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Node node, Node old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(node.getMetadata(), old.getMetadata(), true));
    errs.addAll(validateResources(node));
    NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
    List<NodeAddress> addresses = ObjectMetaValidator.nonNull(status.getAddresses());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      NodeAddress a = addresses.get(i);
      if (!seen.add(a.getType() + "/" + a.getAddress())) {
        errs.add(
            FieldError.duplicate(
                FieldPath.of("status", "addresses").index(i).toString(),
                new GoValue(
                    "core.NodeAddress{Type:"
                        + GoValue.quote(a.getType())
                        + ", Address:"
                        + GoValue.quote(a.getAddress())
                        + "}")));
      }
    }
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    NodeSpec oldSpec = old.getSpec() == null ? new NodeSpec() : old.getSpec();
    List<String> oldCidrs = ObjectMetaValidator.nonNull(oldSpec.getPodCIDRs());
    List<String> cidrs = ObjectMetaValidator.nonNull(spec.getPodCIDRs());
    String cidrWhy = "node updates may not change podCIDR except from \"\" to valid";
    if (!oldCidrs.isEmpty()) {
      if (oldCidrs.size() != cidrs.size()) {
        errs.add(FieldError.forbidden("spec.podCIDRs", cidrWhy));
      } else {
        for (int i = 0; i < oldCidrs.size(); i++) {
          if (!oldCidrs.get(i).equals(cidrs.get(i))) {
            errs.add(FieldError.forbidden("spec.podCIDRs", cidrWhy));
          }
        }
      }
    }
    String oldProvider = ObjectMetaValidator.nullToEmpty(oldSpec.getProviderID());
    if (!oldProvider.isEmpty()
        && !oldProvider.equals(ObjectMetaValidator.nullToEmpty(spec.getProviderID()))) {
      errs.add(
          FieldError.forbidden(
              "spec.providerID",
              "node updates may not change providerID except from \"\" to valid"));
    }
    errs.addAll(
        TaintValidator.validateTaints(
            ObjectMetaValidator.nonNull(spec.getTaints()), META.child("taints")));
    if (!Objects.equals(
        ObjectMetaValidator.nullToEmpty(spec.getExternalID()),
        ObjectMetaValidator.nullToEmpty(oldSpec.getExternalID()))) {
      errs.add(FieldError.forbidden("spec.externalID", "may not be updated"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(Node node, Node old) {
    // kube validates node status writes like any node update
    return validateUpdate(node, old);
  }

  private static List<FieldError> validateResources(Node node) {
    NodeStatus status = node.getStatus();
    if (status == null) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(
        Resources.validateQuantities(
            nonNull(status.getCapacity()), FieldPath.of("status", "capacity")));
    errs.addAll(
        Resources.validateQuantities(
            nonNull(status.getAllocatable()), FieldPath.of("status", "allocatable")));
    return errs;
  }

  private static Map<String, Quantity> nonNull(Map<String, Quantity> map) {
    return map == null ? Map.of() : map;
  }
}
