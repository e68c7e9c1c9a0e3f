package io.kubeloop.apiserver.patch;

/**
 * Where kube's strategic merge patch code would panic (comparing or hashing a map or slice, the
 * type of a null list element): kube-apiserver recovers and answers 500, and so do we, without the
 * stack.
 */
final class GoPanic extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private GoPanic(String message) {
    super(message, null, false, false);
  }

  static GoPanic uncomparable(GoValues.Type type) {
    return new GoPanic("runtime error: comparing uncomparable type " + type.goName);
  }

  static GoPanic unhashable(GoValues.Type type) {
    return new GoPanic("runtime error: hash of unhashable type " + type.goName);
  }

  static GoPanic nilPointer() {
    return new GoPanic("runtime error: invalid memory address or nil pointer dereference");
  }
}
