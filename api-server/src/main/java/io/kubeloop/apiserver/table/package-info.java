/**
 * Server-side printing: the {@code meta.k8s.io Table} form of objects that {@code kubectl get} asks
 * for, with the columns kubectl users know for built-in kinds and a CRD's additionalPrinterColumns
 * for custom resources.
 */
package io.kubeloop.apiserver.table;
