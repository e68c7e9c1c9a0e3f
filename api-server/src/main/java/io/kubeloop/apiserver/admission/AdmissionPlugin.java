package io.kubeloop.apiserver.admission;

/**
 * A step of the admission chain. Rejects a request by throwing {@link
 * io.kubeloop.apiserver.errors.ApiException} (usually 403 Forbidden or 422 Invalid).
 */
public interface AdmissionPlugin {

  /** Plugin name, as in kube-apiserver's {@code --enable-admission-plugins}. */
  String name();

  /** Mutating plugins may change {@code request.object()}; they all run before any validation. */
  default boolean mutating() {
    return false;
  }

  void admit(AdmissionRequest request);
}
