package io.kubeloop.apiserver.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who made a request, as Kubernetes' {@code user.Info} describes it: a user name, an optional uid
 * ({@code ""} when the credential carries none), the groups the user belongs to and extra
 * attributes (for a client certificate, {@code authentication.kubernetes.io/credential-id}).
 *
 * <p>Immutable; the lists and the map are copied on construction.
 */
public record UserInfo(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  /** The group every authenticated user is in. */
  public static final String AUTHENTICATED_GROUP = "system:authenticated";

  /** The group whose members may do anything (kube-apiserver's privileged group). */
  public static final String MASTERS_GROUP = "system:masters";

  /** The extra key under which an authenticator records which credential was used. */
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

  public UserInfo {
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    extra.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    extra = Map.copyOf(copy);
  }

  /** A user with groups and neither uid nor extra attributes. */
  public static UserInfo of(String name, List<String> groups) {
    return new UserInfo(name, "", groups, Map.of());
  }

  /** Whether the user belongs to {@code group}. */
  public boolean inGroup(String group) {
    return groups.contains(group);
  }

  /** This user with {@code group} appended, unless already a member. */
  UserInfo withGroup(String group) {
    if (groups.contains(group)) {
      return this;
    }
    List<String> more = new ArrayList<>(groups.size() + 1);
    more.addAll(groups);
    more.add(group);
    return new UserInfo(name, uid, more, extra);
  }
}
