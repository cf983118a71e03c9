/**
 * End-to-end tests: the packaged services as separate JVMs, the way they are deployed.
 */
package io.candyflow.e2e;
