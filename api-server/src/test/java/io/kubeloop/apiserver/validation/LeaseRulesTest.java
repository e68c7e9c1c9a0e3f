package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseRulesTest {

  static Lease lease() {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName("kube-controller-manager")
        .withNamespace("kube-system")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity("manager-1")
        .withLeaseDurationSeconds(15)
        .endSpec()
        .build();
  }

  @Test
  void validLease() {
    assertThat(create(Lease.class, lease())).isEmpty();
  }

  @Test
  void spec() {
    Lease l = lease();
    l.getSpec().setLeaseDurationSeconds(0);
    l.getSpec().setLeaseTransitions(-1);
    l.getSpec().setPreferredHolder("other");
    assertThat(create(Lease.class, l))
        .containsExactly(
            "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
            "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
            "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined");
    Lease s = lease();
    s.getSpec().setStrategy("Newest");
    assertThat(create(Lease.class, s))
        .containsExactly(
            "spec.strategy.strategy: Unsupported value: \"Newest\": supported values:"
                + " \"OldestEmulationVersion\"");
  }

  @Test
  void microTimesRoundTripInKubesFormat() throws Exception {
    Lease l = lease();
    l.getSpec().setRenewTime(java.time.ZonedDateTime.parse("2026-06-01T12:00:00.123456Z"));
    String json = io.kubeloop.apiserver.codec.Json.MAPPER.writeValueAsString(l);
    assertThat(json).contains("\"renewTime\":\"2026-06-01T12:00:00.123456Z\"");
    Lease back = io.kubeloop.apiserver.codec.Json.MAPPER.readValue(json, Lease.class);
    assertThat(back.getSpec().getRenewTime().toInstant())
        .isEqualTo(java.time.Instant.parse("2026-06-01T12:00:00.123456Z"));
  }

  @Test
  void leasesTakeAnyQualifiedFinalizer() {
    Lease l = lease();
    l.getMetadata().setFinalizers(List.of("unqualified"));
    assertThat(create(Lease.class, l)).isEmpty();
  }
}
