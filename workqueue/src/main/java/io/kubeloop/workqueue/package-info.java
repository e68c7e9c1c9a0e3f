/** Work queues and rate limiters for controllers. */
package io.kubeloop.workqueue;
