/**
 * The Docker Swarm backend: Drover services as Swarm services, through docker-java 3.7.1 and its
 * httpclient5 transport (Engine API 1.41).
 *
 * <ul>
 *   <li>{@link io.drover.backend.swarm.SwarmBackend}: the {@link io.drover.spi.Backend} and what it can do;</li>
 *   <li>{@link io.drover.backend.swarm.SwarmConfig}: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH;</li>
 *   <li>{@link io.drover.backend.swarm.SwarmTranslator}: neutral spec to Engine API service spec and back;</li>
 *   <li>{@link io.drover.backend.swarm.SwarmStatusMapper}: services and tasks to status and typed problems;</li>
 *   <li>{@link io.drover.backend.swarm.SwarmErrorMapper}: every docker-java failure to Drover's exceptions;</li>
 *   <li>{@link io.drover.backend.swarm.SwarmModule} and {@link io.drover.backend.swarm.SwarmBackendProvider}: wiring.</li>
 * </ul>
 *
 * An instance is a Swarm task slot ({@code <service>.<slot>}): Swarm replaces a failed task with a
 * new one in the same slot, which Drover reports as the instance restarting. Where docker-java's
 * model lacks Engine fields (placement preferences, capability add/drop, previous specs, task port
 * status, log details, {@code rollback=previous}) the backend uses the transport's raw client, so
 * the whole spec is always sent and read.
 */
package io.drover.backend.swarm;
