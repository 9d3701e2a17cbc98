/** Runnable examples and the drover CLI. */
package io.drover.examples;
