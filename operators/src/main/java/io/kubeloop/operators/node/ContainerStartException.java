package io.kubeloop.operators.node;

/**
 * A container could not be started: its instance ends at once with exit code 128 and reason {@code
 * StartError}, as a container runtime reports an exec failure. The message is the runtime's, e.g.
 * {@code exec: "foo": executable file not found in $PATH}.
 */
final class ContainerStartException extends Exception {

  private static final long serialVersionUID = 1L;

  ContainerStartException(String message) {
    super(message);
  }

  ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
