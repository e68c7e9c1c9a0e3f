package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides which watch events of a source reach the controller's queue (controller-runtime's {@code
 * predicate.Predicate}). An event that fails the predicate is dropped before it is mapped to
 * requests.
 *
 * <p>Each method defaults to {@code true}. Updates include periodic resyncs, where {@code oldObj}
 * and {@code newObj} are the same object; {@link #resourceVersionChanged()} drops those.
 *
 * <pre>{@code
 * Controller.builder(manager)
 *     .forType(At.class, WatchPredicate.generationChanged())
 *     .owns(Pod.class, WatchPredicate.anyOf(WatchPredicate.labelsChanged(),
 *                                          WatchPredicate.annotationsChanged()))
 *     .complete(reconciler);
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not block or throw (a predicate that throws drops
 * the event and is logged).
 *
 * @param <T> the object type of the source
 */
public interface WatchPredicate<T> {

  /** Whether an added object (initial list, relist or watch) is passed on. */
  default boolean create(T obj) {
    return true;
  }

  /** Whether a change (or a resync, with {@code oldObj == newObj}) is passed on. */
  default boolean update(T oldObj, T newObj) {
    return true;
  }

  /** Whether a deletion is passed on. */
  default boolean delete(T obj) {
    return true;
  }

  /** Passes events that pass both this and {@code other}. */
  default WatchPredicate<T> and(WatchPredicate<? super T> other) {
    return WatchPredicate.<T>allOfList(List.of(this, other));
  }

  /** Passes events that pass this or {@code other}. */
  default WatchPredicate<T> or(WatchPredicate<? super T> other) {
    return WatchPredicate.<T>anyOfList(List.of(this, other));
  }

  /** Passes the events this drops, and the other way round (for every event kind). */
  default WatchPredicate<T> negate() {
    return not(this);
  }

  /** Passes every event. */
  static <T> WatchPredicate<T> all() {
    return PassAll.instance();
  }

  /**
   * A custom test of the event's object: the added object, the new object of an update, the deleted
   * object.
   */
  static <T> WatchPredicate<T> of(Predicate<? super T> test) {
    requireNonNull(test, "test");
    return new WatchPredicate<>() {
      @Override
      public boolean create(T obj) {
        return test.test(obj);
      }

      @Override
      public boolean update(T oldObj, T newObj) {
        return test.test(newObj);
      }

      @Override
      public boolean delete(T obj) {
        return test.test(obj);
      }
    };
  }

  /** Passes every create and delete, and the updates for which {@code test(old, new)} holds. */
  static <T> WatchPredicate<T> onUpdate(BiPredicate<? super T, ? super T> test) {
    requireNonNull(test, "test");
    return new WatchPredicate<>() {
      @Override
      public boolean update(T oldObj, T newObj) {
        return test.test(oldObj, newObj);
      }
    };
  }

  /**
   * Updates where {@code metadata.generation} changed, i.e. the spec changed (not the status or the
   * metadata): controller-runtime's {@code GenerationChangedPredicate}. Creates and deletes pass.
   * Objects without a generation (e.g. ConfigMaps) never pass an update.
   */
  static <T extends HasMetadata> WatchPredicate<T> generationChanged() {
    return metadataChanged(ObjectMeta::getGeneration);
  }

  /**
   * Updates where {@code metadata.resourceVersion} changed, i.e. anything but a resync:
   * controller-runtime's {@code ResourceVersionChangedPredicate}. Creates and deletes pass.
   */
  static <T extends HasMetadata> WatchPredicate<T> resourceVersionChanged() {
    return metadataChanged(ObjectMeta::getResourceVersion);
  }

  /** Updates where the labels changed. Creates and deletes pass. */
  static <T extends HasMetadata> WatchPredicate<T> labelsChanged() {
    return metadataChanged(m -> emptyIfNull(m.getLabels()));
  }

  /** Updates where the annotations changed. Creates and deletes pass. */
  static <T extends HasMetadata> WatchPredicate<T> annotationsChanged() {
    return metadataChanged(m -> emptyIfNull(m.getAnnotations()));
  }

  /** Passes an event when every one of {@code predicates} passes it (all of them for none). */
  @SafeVarargs
  static <T> WatchPredicate<T> allOf(WatchPredicate<? super T>... predicates) {
    List<WatchPredicate<? super T>> list = new ArrayList<>();
    for (WatchPredicate<? super T> p : predicates) {
      list.add(requireNonNull(p, "predicate"));
    }
    return WatchPredicate.<T>allOfList(list);
  }

  /** Passes an event when any of {@code predicates} passes it (none for none). */
  @SafeVarargs
  static <T> WatchPredicate<T> anyOf(WatchPredicate<? super T>... predicates) {
    List<WatchPredicate<? super T>> list = new ArrayList<>();
    for (WatchPredicate<? super T> p : predicates) {
      list.add(requireNonNull(p, "predicate"));
    }
    return WatchPredicate.<T>anyOfList(list);
  }

  /** Passes the events {@code predicate} drops, and the other way round. */
  static <T> WatchPredicate<T> not(WatchPredicate<? super T> predicate) {
    requireNonNull(predicate, "predicate");
    return new WatchPredicate<>() {
      @Override
      public boolean create(T obj) {
        return !predicate.create(obj);
      }

      @Override
      public boolean update(T oldObj, T newObj) {
        return !predicate.update(oldObj, newObj);
      }

      @Override
      public boolean delete(T obj) {
        return !predicate.delete(obj);
      }
    };
  }

  // Loops over arrays rather than streams: these run for every event of every source (each
  // source's predicate is an allOf of its own and the controller's event filter).

  private static <T> WatchPredicate<T> allOfList(List<WatchPredicate<? super T>> predicates) {
    List<WatchPredicate<? super T>> real = new ArrayList<>();
    for (WatchPredicate<? super T> p : predicates) {
      if (!PassAll.is(p)) { // passes everything: adds nothing to a conjunction
        real.add(p);
      }
    }
    if (real.isEmpty()) {
      return all();
    }
    if (real.size() == 1) {
      @SuppressWarnings("unchecked") // a predicate of a supertype tests a T as well
      WatchPredicate<T> only = (WatchPredicate<T>) real.get(0);
      return only;
    }
    @SuppressWarnings("unchecked")
    WatchPredicate<? super T>[] all = real.toArray(new WatchPredicate[0]);
    return new WatchPredicate<>() {
      @Override
      public boolean create(T obj) {
        for (WatchPredicate<? super T> p : all) {
          if (!p.create(obj)) {
            return false;
          }
        }
        return true;
      }

      @Override
      public boolean update(T oldObj, T newObj) {
        for (WatchPredicate<? super T> p : all) {
          if (!p.update(oldObj, newObj)) {
            return false;
          }
        }
        return true;
      }

      @Override
      public boolean delete(T obj) {
        for (WatchPredicate<? super T> p : all) {
          if (!p.delete(obj)) {
            return false;
          }
        }
        return true;
      }
    };
  }

  private static <T> WatchPredicate<T> anyOfList(List<WatchPredicate<? super T>> predicates) {
    @SuppressWarnings("unchecked")
    WatchPredicate<? super T>[] any = predicates.toArray(new WatchPredicate[0]);
    return new WatchPredicate<>() {
      @Override
      public boolean create(T obj) {
        for (WatchPredicate<? super T> p : any) {
          if (p.create(obj)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean update(T oldObj, T newObj) {
        for (WatchPredicate<? super T> p : any) {
          if (p.update(oldObj, newObj)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean delete(T obj) {
        for (WatchPredicate<? super T> p : any) {
          if (p.delete(obj)) {
            return true;
          }
        }
        return false;
      }
    };
  }

  private static <T extends HasMetadata> WatchPredicate<T> metadataChanged(
      Function<ObjectMeta, Object> field) {
    return onUpdate(
        (oldObj, newObj) -> {
          ObjectMeta o = oldObj.getMetadata();
          ObjectMeta n = newObj.getMetadata();
          if (o == null || n == null) {
            // controller-runtime drops updates without metadata; there is nothing to compare
            return false;
          }
          Object before = field.apply(o);
          Object after = field.apply(n);
          return after != null && !Objects.equals(before, after);
        });
  }

  private static Map<String, String> emptyIfNull(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
