package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;

/**
 * What to send for one recorded event, as decided by {@link EventCorrelator}.
 *
 * @param event the Event to create, or (when {@code patch} is set) the Event the patch updates,
 *     with its name and the count and timestamps the patch sets
 * @param key the correlator's key for the event, under which the server's answer is remembered
 * @param patch null to create {@code event}; otherwise a JSON merge patch of {@code count}, {@code
 *     lastTimestamp} and {@code message} for the existing Event named like {@code event}
 */
record EventCorrelation(Event event, String key, String patch) {}
