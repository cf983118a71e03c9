package io.candyflow.consumer.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first rule of the sandbox: the text is exactly one {@code SELECT} statement
 * ({@code WITH}, {@code FROM}-first, {@code VALUES}, {@code DESCRIBE} and the like are
 * SELECTs to DuckDB). Decided by DuckDB's own parser, the one that will run the text:
 * {@code json_serialize_sql} parses the text, passed as a parameter so that nothing of it
 * runs, and serializes SELECT statements only. No pattern matching of SQL text, which
 * comments, quoting and unicode defeat.
 */
final class StatementCheck {

	private static final JsonMapper JSON = new JsonMapper();

	private StatementCheck() {
	}

	/**
	 * Throws unless the text is one SELECT statement.
	 * @throws SqlProblem (400) naming what is wrong
	 * @throws SQLException if DuckDB could not be asked
	 */
	static void requireOneSelect(Connection connection, String sql) throws SQLException {
		// The driver hands the text to DuckDB as a C string: a NUL would end it early.
		if (sql.indexOf('\0') >= 0) {
			throw SqlProblem.invalid("The query must not contain NUL characters");
		}
		String serialized;
		try (PreparedStatement check = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
			check.setString(1, sql);
			try (ResultSet result = check.executeQuery()) {
				result.next();
				serialized = result.getString(1);
			}
		}
		JsonNode tree = JSON.readTree(serialized);
		if (tree.path("error").asBoolean()) {
			if ("not implemented".equals(tree.path("error_type").asString())) {
				throw SqlProblem.invalid("Only SELECT statements are allowed (SELECT, WITH ... SELECT, FROM ..., "
						+ "VALUES); this one is not a SELECT");
			}
			String type = tree.path("error_type").asString();
			String prefix = type.isEmpty() ? ""
					: Character.toUpperCase(type.charAt(0)) + type.substring(1) + " Error: ";
			throw SqlProblem.invalid(prefix + tree.path("error_message").asString());
		}
		int statements = tree.path("statements").size();
		if (statements != 1) {
			throw SqlProblem.invalid((statements == 0) ? "The query is empty: send one SELECT statement"
					: "Send one statement at a time (this text has " + statements + ")");
		}
	}

}
