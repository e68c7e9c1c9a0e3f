package io.kubeloop.apiserver.security;

import java.util.Objects;

/**
 * An authorizer's answer: allow, deny or no opinion (so the next authorizer decides), with a reason
 * for the log and for the 403 message ({@code ""} when there is nothing to say).
 */
public record Decision(Verdict verdict, String reason) {

  /** The three answers of Kubernetes' {@code authorizer.Decision}. */
  public enum Verdict {
    ALLOW,
    DENY,
    NO_OPINION
  }

  public Decision {
    Objects.requireNonNull(verdict, "verdict");
    reason = reason == null ? "" : reason;
  }

  public static Decision allow(String reason) {
    return new Decision(Verdict.ALLOW, reason);
  }

  public static Decision deny(String reason) {
    return new Decision(Verdict.DENY, reason);
  }

  public static Decision noOpinion(String reason) {
    return new Decision(Verdict.NO_OPINION, reason);
  }

  public boolean allowed() {
    return verdict == Verdict.ALLOW;
  }
}
