package io.candyflow.consumer.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * The query parameters of a request, whichever stack read them: a route's raw query
 * string or WebFlux's decoded map. One rule for both: a parameter is given once, or not
 * at all.
 */
public interface QueryArguments {

	/**
	 * One parameter's decoded value.
	 * @param name the parameter
	 * @return its value ({@code ""} for a name without {@code =}), or {@code null} if
	 * absent
	 * @throws InvalidParameterException if it is given more than once, or is not valid
	 * percent-encoding
	 */
	@Nullable String get(String name);

	/**
	 * The parameters of a request target as the request line gives it, read as a route
	 * reads them: lazily, where they lie.
	 * @param target e.g. {@code /cheapest?candy_id=Candy1}
	 * @return the arguments
	 */
	static QueryArguments ofRequestTarget(String target) {
		return RawQuery.of(target);
	}

	/**
	 * The parameters WebFlux decoded.
	 * @param parameters the request's query parameters
	 * @return the arguments
	 */
	static QueryArguments of(MultiValueMap<String, String> parameters) {
		return (name) -> {
			List<String> values = parameters.get(name);
			if (values == null || values.isEmpty()) {
				return null;
			}
			if (values.size() > 1) {
				throw InvalidParameterException.repeated(name);
			}
			String value = values.get(0);
			return (value != null) ? value : "";
		};
	}

}
