package io.kubeloop.operators.scheduler;

/**
 * A scheduling plugin: a name plus one or more extension-point interfaces ({@link PreFilterPlugin},
 * {@link FilterPlugin}, {@link ScorePlugin}, {@link BindPlugin}). Plugins are shared by all cycles
 * and must be thread-safe; per-cycle data goes into the {@link CycleState}.
 */
interface Plugin {

  /** The plugin's name as kube spells it, e.g. {@code NodeResourcesFit}. */
  String name();
}
