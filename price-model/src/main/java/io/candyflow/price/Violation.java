package io.candyflow.price;

/**
 * One broken rule of one update.
 *
 * @param index position of the update in a batch, or {@code -1} for a single update or
 * for the request as a whole
 * @param field the JSON field at fault ({@code $} for the document itself)
 * @param reason what is wrong, in words fit for an API client
 */
public record Violation(int index, String field, String reason) {

	/** Field name used when the document as a whole is at fault. */
	public static final String DOCUMENT = "$";

	@Override
	public String toString() {
		String where = (this.index >= 0) ? "[" + this.index + "]." + this.field : this.field;
		return where + ": " + this.reason;
	}

}
