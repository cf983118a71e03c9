package io.candyflow.price;

import java.util.List;

/**
 * Thrown when a price update, or a batch of them, breaks the rules of the wire format.
 * Carries every violation found, not just the first.
 */
public class InvalidPriceUpdateException extends RuntimeException {

	/** Every value {@link #reasonTag()} can take. */
	public static final List<String> REASONS = List.of("document", PriceUpdateCodec.CANDY_ID, PriceUpdateCodec.STORE_ID,
			PriceUpdateCodec.PRICE, PriceUpdateCodec.TIMESTAMP);

	private final List<Violation> violations;

	public InvalidPriceUpdateException(List<Violation> violations) {
		super(summary(violations), null, false, false);
		this.violations = List.copyOf(violations);
	}

	/**
	 * Every violation found.
	 * @return the violations, never empty
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * A short, stable name for the first violation's kind, fit for a metric tag.
	 * @return e.g. {@code not-json}, {@code price}, {@code timestamp}
	 */
	public String reasonTag() {
		Violation first = this.violations.get(0);
		return Violation.DOCUMENT.equals(first.field()) ? "document" : first.field();
	}

	private static String summary(List<Violation> violations) {
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("An invalid update needs at least one violation");
		}
		StringBuilder message = new StringBuilder();
		for (Violation violation : violations.subList(0, Math.min(10, violations.size()))) {
			message.append((message.length() > 0) ? "; " : "").append(violation);
		}
		if (violations.size() > 10) {
			message.append("; and ").append(violations.size() - 10).append(" more");
		}
		return message.toString();
	}

}
