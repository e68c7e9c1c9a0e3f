package io.kubeloop.runtime;

/**
 * The one {@link WatchPredicate#all()}: a single instance, so that the builder can tell a source
 * that passes every event (and needs no object to decide) from one with a real predicate.
 */
final class PassAll implements WatchPredicate<Object> {

  static final PassAll INSTANCE = new PassAll();

  private PassAll() {}

  @SuppressWarnings("unchecked")
  static <T> WatchPredicate<T> instance() {
    return (WatchPredicate<T>) INSTANCE;
  }

  /** Whether {@code predicate} passes every event without looking at it. */
  static boolean is(WatchPredicate<?> predicate) {
    return predicate == INSTANCE;
  }

  @Override
  public String toString() {
    return "all";
  }
}
