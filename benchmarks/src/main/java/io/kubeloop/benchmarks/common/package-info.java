/**
 * Small helpers shared by the whole-system benchmarks: {@code --name value} options and the line
 * that describes the machine (cores, Java, heap, load average) above every table.
 */
package io.kubeloop.benchmarks.common;
