/** The Docker Swarm backend. */
package io.drover.backend.swarm;
