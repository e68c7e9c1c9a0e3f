package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/** core/v1 ServiceAccount: metadata only, a DNS-1123 subdomain name. */
final class ServiceAccountRules implements TypeRules<ServiceAccount> {

  @Override
  public Class<ServiceAccount> type() {
    return ServiceAccount.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "ServiceAccount";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(ServiceAccount sa) {
    // kube has no defaults for service accounts
  }

  @Override
  public List<FieldError> validate(ServiceAccount sa) {
    return ObjectMetaValidator.validateCreate(
        sa.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, true);
  }

  @Override
  public List<FieldError> validateUpdate(ServiceAccount sa, ServiceAccount old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(sa.getMetadata(), old.getMetadata(), true));
    errs.addAll(validate(sa));
    return errs;
  }
}
