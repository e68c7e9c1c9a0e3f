/** JSON and YAML reading and writing with the limits the server enforces on client input. */
package io.kubeloop.apiserver.codec;
