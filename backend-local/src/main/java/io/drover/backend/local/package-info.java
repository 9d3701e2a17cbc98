/** The local backend: services as supervised host processes. */
package io.drover.backend.local;
