/** The Drover conformance suite (TCK). */
package io.drover.tck;
