package io.candyflow.producer.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Write protection.
 *
 * @param apiKey when set, writes need an {@code X-API-Key} header with this value; reads
 * never do
 */
@ConfigurationProperties("candyflow.security")
record SecurityProperties(String apiKey) {

	boolean enabled() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

}
