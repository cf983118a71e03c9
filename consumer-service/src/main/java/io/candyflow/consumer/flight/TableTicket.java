package io.candyflow.consumer.flight;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

import org.apache.arrow.flight.Ticket;

/**
 * A plain Flight ticket, no SQL: {@code history} or {@code offers}, optionally of one
 * candy, written like the HTTP API's query: {@code history?candy_id=Candy1}. The same
 * text is the path of a {@code FlightDescriptor}.
 *
 * @param table {@code history} or {@code offers}
 * @param candyId only this candy's rows, or {@code null} for all
 */
record TableTicket(String table, String candyId) {

	static final String HISTORY = "history";

	static final String OFFERS = "offers";

	private static final String CANDY = "candy_id=";

	/**
	 * Reads a ticket's text.
	 * @throws org.apache.arrow.flight.FlightRuntimeException {@code INVALID_ARGUMENT}
	 * naming what a ticket may be
	 */
	static TableTicket parse(byte[] bytes) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw unknown();
		}
		int query = text.indexOf('?');
		String table = (query < 0) ? text : text.substring(0, query);
		if (!HISTORY.equals(table) && !OFFERS.equals(table)) {
			throw unknown();
		}
		if (query < 0) {
			return new TableTicket(table, null);
		}
		String parameter = text.substring(query + 1);
		if (!parameter.startsWith(CANDY) || parameter.indexOf('&') >= 0 || parameter.length() == CANDY.length()) {
			throw unknown();
		}
		try {
			return new TableTicket(table,
					URLDecoder.decode(parameter.substring(CANDY.length()), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw unknown();
		}
	}

	Ticket toTicket() {
		return new Ticket(toString().getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String toString() {
		return (this.candyId == null) ? this.table
				: this.table + "?" + CANDY + URLEncoder.encode(this.candyId, StandardCharsets.UTF_8);
	}

	private static RuntimeException unknown() {
		return FlightErrors.invalid("A ticket is a Flight SQL command, or one of 'history', 'offers', "
				+ "'history?candy_id=<id>' and 'offers?candy_id=<id>' (UTF-8)");
	}

}
