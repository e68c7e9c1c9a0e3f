package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.kubeloop.apiserver.storage.CompactedException;
import io.kubeloop.apiserver.storage.FutureRevisionException;
import io.kubeloop.apiserver.storage.StorageException;
import io.kubeloop.apiserver.storage.StorageUnavailableException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for jetcd calls with a deadline and turns their failures into storage exceptions: etcd
 * unreachable, without a leader or too slow becomes {@link StorageUnavailableException}, a
 * compacted or future revision the SPI's exceptions. No call waits longer than the timeout.
 */
final class EtcdCalls {

  private final Duration timeout;

  EtcdCalls(Duration timeout) {
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  /** The call's result; {@code what} names it in error messages ("create /registry/..."). */
  <T> T await(CompletableFuture<T> call, String what) {
    return await(call, what, 0, 0);
  }

  /**
   * As {@link #await(CompletableFuture, String)} for a call at {@code revision}; {@code compacted}
   * and {@code current} are what the store knows, for the exceptions' messages.
   */
  <T> T await(CompletableFuture<T> call, String what, long revision, long compacted) {
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new StorageUnavailableException(
          "etcd did not answer " + what + " within " + timeout.toMillis() + " ms", true, e);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for etcd: " + what, e);
    } catch (CancellationException e) {
      throw new StorageException("etcd call cancelled: " + what, e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), what, revision, compacted);
    }
  }

  private static Status.Code grpcCode(ErrorCode code) {
    return switch (code) {
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      default -> Status.Code.UNKNOWN;
    };
  }

  /** The storage exception for a failed call. */
  static StorageException translate(Throwable error, String what, long revision, long compacted) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StorageException storage) {
      return storage;
    }
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof io.etcd.jetcd.common.exception.CompactedException c) {
      return new CompactedException(revision, Math.max(compacted, c.getCompactedRevision()));
    }
    if (message.contains("required revision has been compacted")) {
      return new CompactedException(revision, Math.max(compacted, revision));
    }
    if (message.contains("required revision is a future revision")) {
      return new FutureRevisionException(revision, revision - 1);
    }
    if (cause instanceof ClosedClientException) {
      return new StorageException("storage is closed", cause);
    }
    // jetcd fails calls with its EtcdException or with gRPC's own status exceptions
    Status.Code code =
        cause instanceof EtcdException etcd
            ? grpcCode(etcd.getErrorCode())
            : Status.fromThrowable(cause).getCode();
    boolean timedOut =
        code == Status.Code.DEADLINE_EXCEEDED
            || message.contains("request timed out")
            || message.contains("timeout");
    if (code == Status.Code.UNAVAILABLE || timedOut || message.contains("no leader")) {
      return new StorageUnavailableException(
          "etcd is unavailable for " + what + ": " + message, timedOut, cause);
    }
    return new StorageException("etcd " + what + " failed: " + message, cause);
  }
}
