package io.kubeloop.informers;

/** How a reflector gets the initial state before watching. */
public enum ListMode {
  /**
   * A streaming list (a watch with {@code sendInitialEvents=true}, ending with the {@code
   * k8s.io/initial-events-end} bookmark); if the server rejects it with a 4xx, or breaks the
   * protocol (a plain bookmark before the end marker), paginated lists from then on, as client-go
   * falls back.
   *
   * <p>Not the default: kubeloop's API server currently drops watch frames when a watch's write
   * queue (16 MiB) fills while it sends the initial events, so a large streaming list can lose
   * objects (see the module README).
   */
  STREAMING,
  /** LIST requests with {@code limit}/{@code continue}, then a watch from the list's version. */
  PAGINATED
}
