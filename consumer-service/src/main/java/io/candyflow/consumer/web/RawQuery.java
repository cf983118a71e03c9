package io.candyflow.consumer.web;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.jspecify.annotations.Nullable;

/**
 * The query string of a route's request, read where it lies: a lookup scans the raw
 * string and decodes only the value asked for, so that {@code ?candy_id=Candy7} costs one
 * substring. Names and values are decoded as HTML forms and WebFlux do ({@code %XX} as
 * UTF-8, {@code +} as a space).
 */
final class RawQuery implements QueryArguments {

	/** The raw query string, without {@code ?}; empty if there is none. */
	private final String query;

	private RawQuery(String query) {
		this.query = query;
	}

	/**
	 * The query of a request target as the request line gives it.
	 * @param uri the request target, e.g. {@code /cheapest?candy_id=Candy1}
	 * @return its query
	 */
	static RawQuery of(String uri) {
		int mark = uri.indexOf('?');
		if (mark < 0) {
			return new RawQuery("");
		}
		int hash = uri.indexOf('#', mark);
		return new RawQuery(uri.substring(mark + 1, (hash < 0) ? uri.length() : hash));
	}

	/**
	 * The path of a request target: everything before {@code ?} or {@code #}.
	 * @param uri the request target
	 * @return the raw path
	 */
	static String path(String uri) {
		int end = uri.length();
		for (int i = 0; i < end; i++) {
			char c = uri.charAt(i);
			if (c == '?' || c == '#') {
				return uri.substring(0, i);
			}
		}
		return uri;
	}

	@Override
	public @Nullable String get(String name) {
		String value = null;
		String query = this.query;
		int length = query.length();
		int start = 0;
		while (start < length) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				// the first '=' of this parameter: a search past its end would make every
				// lookup quadratic in the number of parameters
				int nameEnd = start;
				while (nameEnd < end && query.charAt(nameEnd) != '=') {
					nameEnd++;
				}
				if (nameIs(name, start, nameEnd)) {
					if (value != null) {
						throw InvalidParameterException.repeated(name);
					}
					value = (nameEnd == end) ? "" : decode(name, nameEnd + 1, end);
				}
			}
			start = end + 1;
		}
		return value;
	}

	private boolean nameIs(String name, int start, int end) {
		if (!needsDecoding(start, end)) {
			return end - start == name.length() && this.query.startsWith(name, start);
		}
		try {
			return name
				.equals(QueryStringDecoder.decodeComponent(this.query.substring(start, end), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			// a name no parameter has
			return false;
		}
	}

	private String decode(String name, int start, int end) {
		if (!needsDecoding(start, end)) {
			return this.query.substring(start, end);
		}
		try {
			return QueryStringDecoder.decodeComponent(this.query.substring(start, end), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException(name, "is not valid percent-encoding");
		}
	}

	private boolean needsDecoding(int start, int end) {
		for (int i = start; i < end; i++) {
			char c = this.query.charAt(i);
			if (c == '%' || c == '+') {
				return true;
			}
		}
		return false;
	}

}
