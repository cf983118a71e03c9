package io.candyflow.consumer.store;

import org.apache.arrow.memory.OutOfMemoryException;

/**
 * The exports running now hold all of the exports' memory budget
 * ({@code candyflow.store.export-memory}); this one could not start. Nothing was written,
 * and the history was not touched.
 */
public class ExportMemoryExhaustedException extends RuntimeException {

	ExportMemoryExhaustedException(long budget, OutOfMemoryException cause) {
		super("The exports' memory budget (" + (budget >> 20) + " MiB) is in use; try again shortly", cause);
	}

}
