package io.kubeloop.apiserver.crd;

import io.kubeloop.apiserver.admission.AdmissionPlugin;
import io.kubeloop.apiserver.admission.AdmissionRequest;
import io.kubeloop.apiserver.errors.ApiException;

/** Refuses new custom resources while their CRD is being deleted, as kube-apiserver does. */
public final class CustomResourceLifecycle implements AdmissionPlugin {

  private final CrdController controller;

  public CustomResourceLifecycle(CrdController controller) {
    this.controller = controller;
  }

  @Override
  public String name() {
    return "CustomResourceLifecycle";
  }

  @Override
  public void admit(AdmissionRequest request) {
    if (request.operation() == AdmissionRequest.Operation.CREATE
        && request.type().javaType() == null
        && controller.isTerminating(request.type().groupResource())) {
      throw ApiException.of(
          405,
          "MethodNotAllowed",
          "create not allowed while custom resource definition is terminating",
          null);
    }
  }
}
