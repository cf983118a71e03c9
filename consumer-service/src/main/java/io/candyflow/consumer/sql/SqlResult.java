package io.candyflow.consumer.sql;

/**
 * A query's answer, written out.
 *
 * @param body the bytes of the answer
 * @param format their format
 * @param rows the rows in it
 * @param truncated whether the query had more rows than the cap
 */
record SqlResult(byte[] body, ResultFormat format, int rows, boolean truncated) {

}
