/**
 * The price update that flows through CandyFlow: its wire format (JSON, compatible with
 * the original CandyFlow) and the validation rules every service applies to it. Both the
 * producer and the consumer use this one definition, so a record the producer accepts is
 * a record the consumer accepts.
 */
package io.candyflow.price;
