package io.kubeloop.apiserver.security;

import java.util.List;
import java.util.Objects;

/**
 * Lists what a user may do in a namespace (kube-apiserver's {@code authorizer.RuleResolver}), for
 * {@code SelfSubjectRulesReview} and {@code kubectl auth can-i --list}. An {@link Authorizer} that
 * can enumerate its rules implements this too; for one that cannot, the review says its answer is
 * incomplete.
 *
 * <p>Implementations are thread-safe and do not block on I/O.
 */
public interface RuleResolver {

  /** The rules that apply to {@code user} in {@code namespace} ({@code ""}: cluster-wide only). */
  Rules rulesFor(UserInfo user, String namespace);

  /**
   * @param incomplete whether some rules could not be listed (the user may be able to do more)
   * @param evaluationError why, or {@code ""}
   */
  record Rules(
      List<ResourceRule> resourceRules,
      List<NonResourceRule> nonResourceRules,
      boolean incomplete,
      String evaluationError) {
    public Rules {
      resourceRules = List.copyOf(resourceRules);
      nonResourceRules = List.copyOf(nonResourceRules);
      evaluationError = Objects.requireNonNullElse(evaluationError, "");
    }

    /** No rules, complete. */
    public static final Rules NONE = new Rules(List.of(), List.of(), false, "");
  }

  /** Verbs allowed on resources ({@code "*"} matches all); empty resourceNames means any name. */
  record ResourceRule(
      List<String> verbs,
      List<String> apiGroups,
      List<String> resources,
      List<String> resourceNames) {
    public ResourceRule {
      verbs = List.copyOf(verbs);
      apiGroups = List.copyOf(apiGroups);
      resources = List.copyOf(resources);
      resourceNames = List.copyOf(resourceNames);
    }
  }

  /** Verbs allowed on non-resource paths ({@code "/healthz"}, {@code "/api/*"}, {@code "*"}). */
  record NonResourceRule(List<String> verbs, List<String> nonResourceURLs) {
    public NonResourceRule {
      verbs = List.copyOf(verbs);
      nonResourceURLs = List.copyOf(nonResourceURLs);
    }
  }
}
