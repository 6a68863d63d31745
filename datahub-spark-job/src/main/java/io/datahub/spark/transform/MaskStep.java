package io.datahub.spark.transform;

import io.datahub.model.definition.CommaList;
import io.datahub.model.definition.Mask;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import io.datahub.spark.api.RunContext;
import io.datahub.spark.api.StepOutput;
import io.datahub.spark.api.TransformationStep;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code <mask columns strategy>}: replaces each listed column, in place and under its name, by a masked
 * string (non-string columns are cast to string first). Null stays null under every strategy.
 * <ul>
 * <li>{@code tokenize}: {@code tok_} + hex HMAC-SHA256 of the value's UTF-8 bytes, keyed by the UTF-8 bytes of
 *     secret {@code secretRef}. Deterministic: the same value and key give the same token in every run and
 *     cluster, so tokens still join and group.</li>
 * <li>{@code hash}: hex SHA-256 of {@code salt + value} (UTF-8), i.e. {@code sha2(concat(salt, value), 256)},
 *     the salt being secret {@code secretRef}; without {@code secretRef}, no salt. An unsalted hash of a
 *     low-entropy value (an email, a phone number) is reversed by hashing a dictionary of candidates: give a
 *     {@code secretRef}.</li>
 * <li>{@code redact}: the value becomes {@code replacement} (default {@code ****}). With {@code keepLast=N}, every
 *     character but the last N is replaced by {@code replacement} (default {@code *}), so the length is kept
 *     ({@code 555-123-4567} -> {@code ********4567}); a value of N characters or fewer is kept as is.</li>
 * <li>{@code encrypt}: AES-256-GCM, {@code enc:v1:} + base64(IV || ciphertext+tag), a random IV per value (so equal
 *     values give different outputs, and a recomputed dataset gives new ciphertexts). Key and format:
 *     {@link FieldCipher}. Decrypt in Java with {@link #decrypt(String, String)} or, without Spark,
 *     {@link FieldCipher#decrypt(String, String)}; on the command line (no Spark needed) with
 *     {@code java -cp datahub-spark-job.jar io.datahub.spark.transform.Decrypt <secret|-> <value>}.</li>
 * </ul>
 * Secrets stay out of query plans: Spark has no HMAC or AES-GCM with a random IV, and a key or salt passed as a
 * literal would be printed by {@code explain}, the Spark UI and the event log. So tokenize, encrypt and the salted
 * hash are Java UDFs holding the key in a field (shipped to executors inside the serialized task, never printed);
 * the unsalted hash and redact are Spark built-ins.
 */
public final class MaskStep implements TransformationStep<Mask> {

    @Override
    public Class<Mask> handles() {
        return Mask.class;
    }

    @Override
    public StepOutput apply(Mask step, List<Dataset<Row>> inputs, RunContext context) {
        Dataset<Row> data = inputs.get(0);
        UnaryOperator<Column> mask = masker(step, context);
        for (String name : CommaList.split(step.columns())) {
            String column = StepColumns.resolve(data, name, "<mask> columns");
            data = data.withColumn(column, mask.apply(StepColumns.col(column).cast(DataTypes.StringType)));
        }
        return StepOutput.of(data);
    }

    /**
     * Decrypts a value written by {@code strategy="encrypt"} with the same secret. Loading this class needs Spark on the
     * classpath; without Spark call {@link FieldCipher#decrypt} (the same method) or run {@link Decrypt}.
     *
     * @throws IllegalArgumentException when the value is malformed or fails authentication (wrong secret, or altered)
     */
    public static String decrypt(String value, String secret) {
        return FieldCipher.decrypt(value, secret);
    }

    private static UnaryOperator<Column> masker(Mask step, RunContext context) {
        String strategy = step.strategy();
        return switch (strategy) {
            case "tokenize" -> udf(new Tokenizer(secret(step, context).getBytes(StandardCharsets.UTF_8)), "datahub_tokenize", true);
            case "hash" -> step.secretRef() == null
                    ? value -> functions.sha2(value, 256)
                    : udf(new SaltedSha256(secret(step, context)), "datahub_salted_sha256", true);
            case "encrypt" -> udf(new Encryptor(FieldCipher.key(secret(step, context))), "datahub_encrypt", false);
            case "redact" -> redactor(step);
            default -> throw new DatahubException(ErrorCategory.CONFIGURATION, "<mask> strategy: unknown strategy '" + strategy
                    + "' (expected tokenize, hash, redact or encrypt)");
        };
    }

    private static String secret(Mask step, RunContext context) {
        if (step.secretRef() == null) {
            throw new DatahubException(ErrorCategory.CONFIGURATION, "<mask> strategy " + step.strategy() + " needs secretRef (the key)");
        }
        return context.secret(step.secretRef());
    }

    private static UnaryOperator<Column> udf(UDF1<String, String> function, String name, boolean deterministic) {
        UserDefinedFunction udf = functions.udf(function, DataTypes.StringType).withName(name);
        // a random IV per call: Spark must neither merge nor reorder calls as if they gave equal results
        UserDefinedFunction used = deterministic ? udf : udf.asNondeterministic();
        return value -> used.apply(value);
    }

    private static UnaryOperator<Column> redactor(Mask step) {
        if (step.keepLast() == null) {
            Column replacement = functions.lit(step.replacement() == null ? "****" : step.replacement());
            return value -> functions.when(value.isNotNull(), replacement);
        }
        // every character that has at least keepLast characters after it; (?s): line breaks are characters too
        String pattern = "(?s).(?=.{" + step.keepLast() + "})";
        String replacement = Matcher.quoteReplacement(step.replacement() == null ? "*" : step.replacement());
        return value -> functions.regexp_replace(value, pattern, replacement);
    }

    /** HMAC-SHA256; a Mac per thread, since Mac is not thread-safe and creating one per value is wasteful. */
    private static final class Tokenizer implements UDF1<String, String> {

        private static final long serialVersionUID = 1L;

        private final byte[] key;
        private transient ThreadLocal<Mac> macs;

        Tokenizer(byte[] key) {
            this.key = key;
        }

        @Override
        public String call(String value) {
            if (value == null) {
                return null;
            }
            if (macs == null) {
                macs = ThreadLocal.withInitial(this::newMac);
            }
            return "tok_" + HexFormat.of().formatHex(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }

        private Mac newMac() {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        @Override
        public String toString() {
            return "datahub_tokenize";
        }
    }

    /** Hex SHA-256 of salt + value, equal to Spark's {@code sha2(concat(salt, value), 256)}. */
    private static final class SaltedSha256 implements UDF1<String, String> {

        private static final long serialVersionUID = 1L;

        private final String salt;

        SaltedSha256(String salt) {
            this.salt = salt;
        }

        @Override
        public String call(String value) throws GeneralSecurityException {
            if (value == null) {
                return null;
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((salt + value).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "datahub_salted_sha256";
        }
    }

    private static final class Encryptor implements UDF1<String, String> {

        private static final long serialVersionUID = 1L;

        private final byte[] key;

        Encryptor(byte[] key) {
            this.key = key;
        }

        @Override
        public String call(String value) {
            return FieldCipher.encrypt(value, key);
        }

        @Override
        public String toString() {
            return "datahub_encrypt";
        }
    }
}
