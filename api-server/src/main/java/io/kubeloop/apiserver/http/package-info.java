/**
 * The HTTP front end: request parsing and routing onto the resource stores, content negotiation,
 * watch streams (chunked HTTP and WebSocket), discovery, health and version endpoints.
 */
package io.kubeloop.apiserver.http;
