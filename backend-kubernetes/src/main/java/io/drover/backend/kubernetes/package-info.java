/**
 * Drover's Kubernetes backend on the fabric8 kubernetes-client: {@link io.drover.backend.kubernetes.KubernetesBackend}
 * (found through {@link io.drover.backend.kubernetes.KubernetesBackendProvider} or wired with
 * {@link io.drover.backend.kubernetes.KubernetesModule}), its translator both ways, status mapper,
 * error mapper and the informer cache that serves reads.
 */
package io.drover.backend.kubernetes;
