/**
 * Schema artifacts referenced by {@code schemaRef}: Avro {@code .avsc} and JSON Schema {@code .json}
 * files read into a flat {@link io.datahub.model.schema.TableSchema}.
 *
 * <p>Avro: the file must define a record; a union with {@code "null"} is nullable. Logical types:
 * date &rarr; DATE; timestamp-millis/-micros and local-timestamp-millis/-micros &rarr; TIMESTAMP;
 * decimal (bytes or fixed) &rarr; DECIMAL; uuid &rarr; STRING. Primitive types: string and enum
 * &rarr; STRING, int, long, float, double, boolean, bytes and fixed &rarr; BINARY. Records, arrays,
 * maps, unions of several types, time-millis/-micros and big-decimal are rejected, naming the field.
 * A {@code "logicalType"} written next to a field's {@code "type"} (which Avro silently ignores) is
 * rejected too, as it would turn a date into a plain int.
 *
 * <p>JSON Schema: the root has {@code "type": "object"} and {@code "properties"} (column order is
 * document order). string (format date &rarr; DATE, date-time &rarr; TIMESTAMP), integer (format
 * int32 &rarr; INT, else LONG), number (format float &rarr; FLOAT, format decimal with
 * {@code x-precision} and optional {@code x-scale} (default 0) &rarr; DECIMAL, else DOUBLE), boolean.
 * A property is nullable when its type array contains {@code "null"} or it is not in
 * {@code "required"}; {@code "required"} naming an unknown property is an error.
 *
 * <p>Decimals must fit Spark (precision 1..38, 0 &lt;= scale &lt;= precision). Column names that
 * differ only in case are rejected, as Spark resolves names case-insensitively.
 */
package io.datahub.model.schema;
