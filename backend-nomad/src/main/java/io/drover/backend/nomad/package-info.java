/**
 * The Nomad backend: Drover services as Nomad jobs. {@link io.drover.backend.nomad.NomadTranslator}
 * maps specs to job JSON and back, {@link io.drover.backend.nomad.NomadStatusMapper} reads statuses
 * and problems from allocations, deployments and evaluations,
 * {@link io.drover.backend.nomad.NomadErrorMapper} maps failures,
 * {@link io.drover.backend.nomad.NomadBackend} performs the operations,
 * {@link io.drover.backend.nomad.NomadModule} and {@link io.drover.backend.nomad.NomadBackendProvider}
 * wire it. The published jar carries nomad-sdk with its Jackson and Apache HttpClient relocated under
 * {@code io.drover.backend.nomad.shaded}.
 */
package io.drover.backend.nomad;
