package io.kubeloop.operators.node;

/**
 * A container's configuration cannot be resolved (a missing ConfigMap or Secret, or a missing key
 * in one): the container stays waiting with reason {@code CreateContainerConfigError} and this
 * message, and the agent tries again later, as the kubelet does.
 */
final class ContainerConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  ContainerConfigException(String message) {
    super(message);
  }
}
