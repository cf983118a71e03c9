package io.candyflow.producer.publish;

import io.candyflow.price.PriceUpdateCodec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublishProperties.class)
class PublishConfiguration {

	@Bean
	PriceUpdateCodec priceUpdateCodec() {
		return new PriceUpdateCodec();
	}

}
