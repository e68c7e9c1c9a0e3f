/** The {@code kubeloop} command line: {@code up} for a local cluster, and its parts. */
package io.kubeloop.cluster;
