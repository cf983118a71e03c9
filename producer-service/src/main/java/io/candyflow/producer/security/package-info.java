/**
 * The optional API key that guards the producer's writes: {@code POST /prices} and
 * {@code PUT /simulator}.
 */
package io.candyflow.producer.security;
