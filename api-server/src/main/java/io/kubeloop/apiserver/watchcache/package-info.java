/**
 * The watch cache: per resource, the current objects as ready-to-send bytes and a window of recent
 * events, fed by a storage watch. Gets, lists and watches are served from here, so reading never
 * touches storage and never re-encodes an object.
 */
package io.kubeloop.apiserver.watchcache;
