package io.kubeloop.informers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link InformerErrorHandler}: one log line per error, with the retry delay. */
final class LoggingErrorHandler implements InformerErrorHandler {

  static final LoggingErrorHandler INSTANCE = new LoggingErrorHandler();
  private static final Logger LOG = LoggerFactory.getLogger(SharedIndexInformer.class);

  private LoggingErrorHandler() {}

  @Override
  public void onError(InformerError e) {
    if (e.phase() == InformerError.Phase.HANDLER) {
      LOG.error("{}: an event handler threw", e.informer(), e.error());
    } else if (e.code() == 410) {
      LOG.info("{}: {} ({}); relisting", e.informer(), e.error().getMessage(), e.reason());
    } else {
      LOG.warn(
          "{}: {} failed: {}; retrying in {} ms",
          e.informer(),
          e.phase().name().toLowerCase(java.util.Locale.ROOT),
          e.error().toString(),
          e.retryIn().toMillis());
    }
  }
}
