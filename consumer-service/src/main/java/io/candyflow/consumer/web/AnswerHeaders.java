package io.candyflow.consumer.web;

import java.util.function.BiConsumer;

/**
 * Headers a {@link Route}'s answer carries beside its JSON, from its path and parameters:
 * in sharded mode, the partitions an answer covers. Optional: declare one as a bean.
 */
@FunctionalInterface
public interface AnswerHeaders {

	/**
	 * Adds the headers of a successful answer.
	 * @param path the route's path
	 * @param arguments the request's query parameters
	 * @param header takes a name and a value
	 */
	void add(String path, QueryArguments arguments, BiConsumer<String, String> header);

}
