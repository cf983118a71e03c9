package io.candyflow.topicinit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(TopicsProperties.class)
public class TopicInitApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(TopicInitApplication.class, args)));
	}

}
