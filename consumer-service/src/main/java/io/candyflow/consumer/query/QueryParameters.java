package io.candyflow.consumer.query;

import io.candyflow.price.PriceRules;

/**
 * Checks query parameters with the same rules the wire format applies to ids, so that a
 * query can only name something that could exist.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Trims and checks an id parameter.
	 * @param name the parameter name, for the error
	 * @param value the raw value
	 * @return the trimmed id
	 * @throws InvalidParameterException if it cannot be an id
	 */
	static String id(String name, String value) {
		String id = value.strip();
		if (id.isEmpty()) {
			throw new InvalidParameterException(name, "must not be blank");
		}
		if (id.codePointCount(0, id.length()) > PriceRules.MAX_ID_LENGTH) {
			throw new InvalidParameterException(name,
					"must be at most " + PriceRules.MAX_ID_LENGTH + " characters long");
		}
		for (int i = 0; i < id.length(); i++) {
			if (Character.isISOControl(id.charAt(i))) {
				throw new InvalidParameterException(name, "must not contain control characters");
			}
		}
		return id;
	}

}
