package io.kubeloop.informers;

/** How a reflector gets the initial state before watching. */
public enum ListMode {
  /**
   * A streaming list (a watch with {@code sendInitialEvents=true}, ending with the {@code
   * k8s.io/initial-events-end} bookmark); if the server rejects it with a 4xx, paginated lists from
   * then on, as client-go does.
   */
  STREAMING,
  /** LIST requests with {@code limit}/{@code continue}, then a watch from the list's version. */
  PAGINATED
}
