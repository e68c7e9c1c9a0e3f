package io.kubeloop.operators.node;

/**
 * One instance of a container, as started by a {@link ContainerRuntime}: a restart makes a new
 * instance with a new id. Implementations are thread-safe; their runtime calls the launch's {@code
 * onChange} whenever the snapshot changes other than by the passing of time.
 */
interface ContainerHandle {

  /** 64 hexadecimal digits, unique per instance; the status shows {@code kubeloop://<id>}. */
  String id();

  /** The state now. */
  ContainerSnapshot snapshot();

  /** The launch this instance was started from. */
  Launch launch();
}
