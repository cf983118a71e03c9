package io.candyflow.consumer.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.candyflow.consumer.store.CandySummary;

/**
 * What the dashboard's table shows, per candy, with the tick at which each row last
 * changed, so that an event can carry just what changed since a client's last event. Only
 * the ticker thread uses it.
 */
final class CandyBoard {

	private final Map<String, Row> rows = new TreeMap<>();

	private long version;

	/**
	 * The version of the board: moves on when any row changes, never otherwise.
	 */
	long version() {
		return this.version;
	}

	/**
	 * Takes the store's current summaries. A candy whose cheapest price moved gets the
	 * difference as its change; one whose other figures moved keeps its last change.
	 * @param summaries every candy's summary
	 * @return whether any row changed
	 */
	boolean update(List<CandySummary> summaries) {
		long next = this.version + 1;
		boolean changed = false;
		for (CandySummary summary : summaries) {
			Row old = this.rows.get(summary.candyId());
			if (old == null || !old.summary().equals(summary)) {
				this.rows.put(summary.candyId(), new Row(summary, change(old, summary), next));
				changed = true;
			}
		}
		if (changed) {
			this.version = next;
		}
		return changed;
	}

	private static Long change(Row old, CandySummary summary) {
		if (old == null) {
			return null;
		}
		if (old.summary().minCents() != summary.minCents()) {
			return summary.minCents() - old.summary().minCents();
		}
		return old.changeCents();
	}

	/**
	 * The rows that changed after a version, in candy order.
	 * @param version the version a client has, or -1 for every row
	 * @return the rows
	 */
	List<Row> changedSince(long version) {
		List<Row> result = new ArrayList<>();
		for (Row row : this.rows.values()) {
			if (row.version() > version) {
				result.add(row);
			}
		}
		return result;
	}

	/**
	 * One candy on the board.
	 *
	 * @param summary its current offers in brief
	 * @param changeCents how its cheapest price moved at its last move, {@code null} if
	 * it has not moved since the board first saw it
	 * @param version the board version at which the row last changed
	 */
	record Row(CandySummary summary, Long changeCents, long version) {

	}

}
