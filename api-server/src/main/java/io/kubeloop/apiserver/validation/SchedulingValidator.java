package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduling-related parts of a pod spec (affinity, topology spread, DNS config), after the
 * matching functions of kube's core validation. Tolerations are in {@link TaintValidator}.
 */
final class SchedulingValidator {

  private SchedulingValidator() {}

  static List<FieldError> validateAffinity(Affinity affinity, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (affinity == null) {
      return errs;
    }
    if (affinity.getNodeAffinity() != null) {
      FieldPath p = path.child("nodeAffinity");
      NodeSelector required =
          affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
      if (required != null) {
        errs.addAll(
            validateNodeSelector(
                required, p.child("requiredDuringSchedulingIgnoredDuringExecution")));
      }
      List<PreferredSchedulingTerm> preferred =
          ObjectMetaValidator.nonNull(
              affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
      for (int i = 0; i < preferred.size(); i++) {
        FieldPath tp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
        errs.addAll(weight(preferred.get(i).getWeight(), tp.child("weight")));
        if (preferred.get(i).getPreference() != null) {
          // invalid label values are tolerated in preferred terms
          errs.addAll(
              validateNodeSelectorTerm(
                  preferred.get(i).getPreference(), false, tp.child("preference")));
        }
      }
    }
    if (affinity.getPodAffinity() != null) {
      errs.addAll(
          validatePodAffinity(
              affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
              affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
              path.child("podAffinity")));
    }
    if (affinity.getPodAntiAffinity() != null) {
      errs.addAll(
          validatePodAffinity(
              affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
              affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
              path.child("podAntiAffinity")));
    }
    return errs;
  }

  private static List<FieldError> validateNodeSelector(NodeSelector selector, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<NodeSelectorTerm> terms = ObjectMetaValidator.nonNull(selector.getNodeSelectorTerms());
    FieldPath termsPath = path.child("nodeSelectorTerms");
    if (terms.isEmpty()) {
      errs.add(
          FieldError.required(termsPath.toString(), "must have at least one node selector term"));
      return errs;
    }
    for (int i = 0; i < terms.size(); i++) {
      errs.addAll(validateNodeSelectorTerm(terms.get(i), true, termsPath.index(i)));
    }
    return errs;
  }

  private static List<FieldError> validateNodeSelectorTerm(
      NodeSelectorTerm term, boolean strictValues, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<NodeSelectorRequirement> exprs = ObjectMetaValidator.nonNull(term.getMatchExpressions());
    for (int i = 0; i < exprs.size(); i++) {
      NodeSelectorRequirement req = exprs.get(i);
      FieldPath p = path.child("matchExpressions").index(i);
      List<String> values = ObjectMetaValidator.nonNull(req.getValues());
      String operator = ObjectMetaValidator.nullToEmpty(req.getOperator());
      switch (operator) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.add(
                FieldError.required(
                    p.child("values").toString(),
                    "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.add(
                FieldError.forbidden(
                    p.child("values").toString(),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        case "Gt", "Lt" -> {
          if (values.size() != 1) {
            errs.add(
                FieldError.required(
                    p.child("values").toString(),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'"));
          }
        }
        default ->
            errs.add(
                FieldError.invalid(
                    p.child("operator").toString(), operator, "not a valid selector operator"));
      }
      errs.addAll(ObjectMetaValidator.validateLabelName(req.getKey(), p.child("key")));
      if (strictValues) {
        for (int v = 0; v < values.size(); v++) {
          String value = ObjectMetaValidator.nullToEmpty(values.get(v));
          for (String msg : Names.isLabelValue(value)) {
            errs.add(FieldError.invalid(p.child("values").index(v).toString(), value, msg));
          }
        }
      }
    }
    List<NodeSelectorRequirement> fields = ObjectMetaValidator.nonNull(term.getMatchFields());
    for (int i = 0; i < fields.size(); i++) {
      NodeSelectorRequirement req = fields.get(i);
      FieldPath p = path.child("matchFields").index(i);
      List<String> values = ObjectMetaValidator.nonNull(req.getValues());
      String operator = ObjectMetaValidator.nullToEmpty(req.getOperator());
      if (operator.equals("In") || operator.equals("NotIn")) {
        if (values.size() != 1) {
          errs.add(
              FieldError.required(
                  p.child("values").toString(),
                  "must be only one value when `operator` is 'In' or 'NotIn' for node field"
                      + " selector"));
        }
      } else {
        errs.add(
            FieldError.invalid(
                p.child("operator").toString(), operator, "not a valid selector operator"));
      }
      String key = ObjectMetaValidator.nullToEmpty(req.getKey());
      if (!key.equals("metadata.name")) {
        errs.add(
            FieldError.invalid(p.child("key").toString(), key, "not a valid field selector key"));
      } else {
        for (int v = 0; v < values.size(); v++) {
          String value = ObjectMetaValidator.nullToEmpty(values.get(v));
          for (String msg : Names.isDns1123Subdomain(value)) {
            errs.add(FieldError.invalid(p.child("values").index(v).toString(), value, msg));
          }
        }
      }
    }
    return errs;
  }

  private static List<FieldError> validatePodAffinity(
      List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<PodAffinityTerm> req = ObjectMetaValidator.nonNull(required);
    for (int i = 0; i < req.size(); i++) {
      errs.addAll(
          validatePodAffinityTerm(
              req.get(i), path.child("requiredDuringSchedulingIgnoredDuringExecution").index(i)));
    }
    List<WeightedPodAffinityTerm> pref = ObjectMetaValidator.nonNull(preferred);
    for (int i = 0; i < pref.size(); i++) {
      FieldPath p = path.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      errs.addAll(weight(pref.get(i).getWeight(), p.child("weight")));
      if (pref.get(i).getPodAffinityTerm() != null) {
        errs.addAll(
            validatePodAffinityTerm(pref.get(i).getPodAffinityTerm(), p.child("podAffinityTerm")));
      }
    }
    return errs;
  }

  private static List<FieldError> validatePodAffinityTerm(PodAffinityTerm term, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(LabelSelectors.validate(term.getLabelSelector(), path.child("labelSelector")));
    errs.addAll(
        LabelSelectors.validate(term.getNamespaceSelector(), path.child("namespaceSelector")));
    for (String ns : ObjectMetaValidator.nonNull(term.getNamespaces())) {
      for (String msg : Names.isDns1123Label(ObjectMetaValidator.nullToEmpty(ns))) {
        errs.add(FieldError.invalid(path.child("namespace").toString(), ns, msg));
      }
    }
    String topologyKey = ObjectMetaValidator.nullToEmpty(term.getTopologyKey());
    if (topologyKey.isEmpty()) {
      errs.add(FieldError.required(path.child("topologyKey").toString(), "can not be empty"));
    }
    errs.addAll(ObjectMetaValidator.validateLabelName(topologyKey, path.child("topologyKey")));
    return errs;
  }

  static List<FieldError> validateTopologySpread(
      List<TopologySpreadConstraint> constraints, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < constraints.size(); i++) {
      TopologySpreadConstraint c = constraints.get(i);
      FieldPath p = path.index(i);
      int maxSkew = c.getMaxSkew() == null ? 0 : c.getMaxSkew();
      if (maxSkew <= 0) {
        errs.add(
            FieldError.invalid(
                p.child("maxSkew").toString(), maxSkew, "must be greater than zero"));
      }
      String key = ObjectMetaValidator.nullToEmpty(c.getTopologyKey());
      if (key.isEmpty()) {
        errs.add(FieldError.required(p.child("topologyKey").toString(), "can not be empty"));
      } else {
        errs.addAll(ObjectMetaValidator.validateLabelName(key, p.child("topologyKey")));
      }
      String when = ObjectMetaValidator.nullToEmpty(c.getWhenUnsatisfiable());
      List<String> supported = List.of("DoNotSchedule", "ScheduleAnyway");
      if (!supported.contains(when)) {
        errs.add(FieldError.notSupported(p.child("whenUnsatisfiable").toString(), when, supported));
      }
      if (!key.isEmpty() && supported.contains(when) && !seen.add(key + "/" + when)) {
        errs.add(
            FieldError.duplicate(
                p.child("{topologyKey, whenUnsatisfiable}").toString(), key + ", " + when));
      }
      errs.addAll(LabelSelectors.validate(c.getLabelSelector(), p.child("labelSelector")));
    }
    return errs;
  }

  static List<FieldError> validateDnsConfig(PodDNSConfig config, String dnsPolicy, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if ("None".equals(dnsPolicy)) {
      if (config == null) {
        errs.add(
            FieldError.required(
                path.toString(), "must provide `dnsConfig` when `dnsPolicy` is None"));
        return errs;
      }
      if (ObjectMetaValidator.nonNull(config.getNameservers()).isEmpty()) {
        errs.add(
            FieldError.required(
                path.child("nameservers").toString(),
                "must provide at least one DNS nameserver when `dnsPolicy` is None"));
        return errs;
      }
    }
    if (config == null) {
      return errs;
    }
    List<String> nameservers = ObjectMetaValidator.nonNull(config.getNameservers());
    if (nameservers.size() > 3) {
      errs.add(
          FieldError.invalid(
              path.child("nameservers").toString(),
              GoValue.stringSlice(nameservers),
              "must not have more than 3 nameservers"));
    }
    for (int i = 0; i < nameservers.size(); i++) {
      errs.addAll(Ips.validateIp(path.child("nameservers").index(i), nameservers.get(i)));
    }
    List<String> searches = ObjectMetaValidator.nonNull(config.getSearches());
    if (searches.size() > 32) {
      errs.add(
          FieldError.invalid(
              path.child("searches").toString(),
              GoValue.stringSlice(searches),
              "must not have more than 32 search paths"));
    }
    if (String.join(" ", searches).length() > 2048) {
      errs.add(
          FieldError.invalid(
              path.child("searches").toString(),
              GoValue.stringSlice(searches),
              "must not have more than 2048 characters (including spaces) in the search list"));
    }
    for (int i = 0; i < searches.size(); i++) {
      String search = ObjectMetaValidator.nullToEmpty(searches.get(i));
      if (search.equals(".")) {
        continue;
      }
      if (search.endsWith(".")) {
        search = search.substring(0, search.length() - 1);
      }
      // relaxed DNS search validation (on by default since 1.32): underscores are allowed
      FieldPath p = path.child("searches").index(i);
      if (Names.byteLength(search) > Names.DNS1123_SUBDOMAIN_MAX_LENGTH) {
        errs.add(
            FieldError.invalid(
                p.toString(), search, Names.maxLenError(Names.DNS1123_SUBDOMAIN_MAX_LENGTH)));
      }
      if (!isSubdomainWithUnderscore(search)) {
        errs.add(
            FieldError.invalid(
                p.toString(),
                search,
                Names.regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                        + " characters, '_', '-' or '.', and must start and end with an"
                        + " alphanumeric character",
                    "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
                    "example.com")));
      }
    }
    List<PodDNSConfigOption> options = ObjectMetaValidator.nonNull(config.getOptions());
    for (int i = 0; i < options.size(); i++) {
      if (ObjectMetaValidator.nullToEmpty(options.get(i).getName()).isEmpty()) {
        errs.add(
            FieldError.required(path.child("options").index(i).toString(), "must not be empty"));
      }
    }
    return errs;
  }

  private static boolean isSubdomainWithUnderscore(String s) {
    for (String label : s.split("\\.", -1)) {
      String l = label.startsWith("_") ? label.substring(1) : label;
      if (l.isEmpty() || !lowerAlnum(l.charAt(0)) || !lowerAlnum(l.charAt(l.length() - 1))) {
        return false;
      }
      for (int i = 0; i < l.length(); i++) {
        char c = l.charAt(i);
        if (!lowerAlnum(c) && c != '-' && c != '_') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean lowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static List<FieldError> weight(Integer weight, FieldPath path) {
    int w = weight == null ? 0 : weight;
    if (w <= 0 || w > 100) {
      return List.of(FieldError.invalid(path.toString(), w, "must be in the range 1-100"));
    }
    return List.of();
  }
}
