package io.candyflow.consumer.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * One value of a DuckDB result, read from its Arrow vector into what JSON and CSV write:
 * {@code null}, {@link Boolean}, a number ({@link BigDecimal} for decimals, so they stay
 * exact), {@link String} (timestamps, dates and times as ISO-8601; blobs in base64), or a
 * {@link List} or {@link Map} for nested values.
 */
final class Values {

	private Values() {
	}

	static Object read(ValueVector vector, int row, DictionaryProvider dictionaries) {
		if (vector.isNull(row)) {
			return null;
		}
		DictionaryEncoding encoding = vector.getField().getDictionary();
		if (encoding != null) {
			Dictionary dictionary = dictionaries.lookup(encoding.getId());
			int index = (int) ((BaseIntVector) vector).getValueAsLong(row);
			return read(dictionary.getVector(), index, dictionaries);
		}
		ArrowType type = vector.getField().getType();
		if (type instanceof ArrowType.Timestamp timestamp) {
			Instant instant = instant(((TimeStampVector) vector).get(row), timestamp.getUnit());
			return (timestamp.getTimezone() != null) ? instant.toString()
					: LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
		}
		if (vector instanceof DateDayVector days) {
			return LocalDate.ofEpochDay(days.get(row)).toString();
		}
		if (vector instanceof DateMilliVector millis) {
			return LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString();
		}
		if (type instanceof ArrowType.Time time) {
			Instant sinceMidnight = instant(timeOfDay(vector, row), time.getUnit());
			return LocalTime.ofNanoOfDay(sinceMidnight.getEpochSecond() * 1_000_000_000L + sinceMidnight.getNano())
				.toString();
		}
		if (vector instanceof UInt1Vector || vector instanceof UInt2Vector || vector instanceof UInt4Vector) {
			return ((BaseIntVector) vector).getValueAsLong(row) & unsignedMask(vector);
		}
		if (vector instanceof UInt8Vector unsigned) {
			return unsigned.getObjectNoOverflow(row);
		}
		if (vector instanceof BaseIntVector integers) {
			return integers.getValueAsLong(row);
		}
		if (vector instanceof FloatingPointVector floats) {
			double value = floats.getValueAsDouble(row);
			// JSON has no NaN or infinity
			return Double.isFinite(value) ? value : Double.toString(value);
		}
		if (vector instanceof BitVector bits) {
			return bits.get(row) != 0;
		}
		if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8
				|| type instanceof ArrowType.Utf8View) {
			return vector.getObject(row).toString();
		}
		if (vector instanceof VariableWidthFieldVector binary) {
			return Base64.getEncoder().encodeToString(binary.get(row));
		}
		if (vector instanceof MapVector map) {
			return map(map, row, dictionaries);
		}
		if (vector instanceof BaseListVector list) {
			FieldVector elements = (FieldVector) list.getChildrenFromFields().get(0);
			List<Object> values = new ArrayList<>();
			for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
				values.add(read(elements, i, dictionaries));
			}
			return values;
		}
		if (vector instanceof StructVector struct) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (FieldVector child : struct.getChildrenFromFields()) {
				values.put(child.getName(), read(child, row, dictionaries));
			}
			return values;
		}
		Object value = vector.getObject(row);
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		if (value instanceof byte[] bytes && vector instanceof FixedWidthVector) {
			return Base64.getEncoder().encodeToString(bytes);
		}
		// intervals and whatever else: Java's text of it (an interval's is ISO-8601)
		return String.valueOf(value);
	}

	private static Map<String, Object> map(MapVector map, int row, DictionaryProvider dictionaries) {
		StructVector entries = (StructVector) map.getDataVector();
		FieldVector keys = entries.getChildrenFromFields().get(0);
		FieldVector values = entries.getChildrenFromFields().get(1);
		Map<String, Object> result = new LinkedHashMap<>();
		for (int i = map.getElementStartIndex(row); i < map.getElementEndIndex(row); i++) {
			result.put(String.valueOf(read(keys, i, dictionaries)), read(values, i, dictionaries));
		}
		return result;
	}

	private static long unsignedMask(ValueVector vector) {
		if (vector instanceof UInt1Vector) {
			return 0xFFL;
		}
		return (vector instanceof UInt2Vector) ? 0xFFFFL : 0xFFFF_FFFFL;
	}

	/** A time vector's value: the time vectors share no interface that reads it. */
	private static long timeOfDay(ValueVector vector, int row) {
		if (vector instanceof TimeSecVector seconds) {
			return seconds.get(row);
		}
		if (vector instanceof TimeMilliVector millis) {
			return millis.get(row);
		}
		if (vector instanceof TimeMicroVector micros) {
			return micros.get(row);
		}
		return ((TimeNanoVector) vector).get(row);
	}

	private static Instant instant(long value, TimeUnit unit) {
		return switch (unit) {
			case SECOND -> Instant.ofEpochSecond(value);
			case MILLISECOND -> Instant.ofEpochMilli(value);
			case MICROSECOND -> Instant.EPOCH.plus(value, ChronoUnit.MICROS);
			case NANOSECOND -> Instant.EPOCH.plusNanos(value);
		};
	}

}
