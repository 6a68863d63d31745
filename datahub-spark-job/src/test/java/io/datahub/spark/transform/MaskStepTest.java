package io.datahub.spark.transform;

import static io.datahub.spark.transform.StepFixtures.dataset;
import static io.datahub.spark.transform.StepFixtures.row;
import static io.datahub.spark.transform.StepFixtures.rows;
import static io.datahub.spark.transform.StepFixtures.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datahub.model.definition.Mask;
import io.datahub.model.run.ErrorCategory;
import io.datahub.spark.api.DatahubException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class MaskStepTest {

    /** 32 bytes 0x00..0x1f in base64: used as the AES key itself. */
    private static final String RAW_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static Dataset<Row> customers() {
        return dataset("id INT, email STRING, phone STRING",
                row(1, "ann@example.com", "555-123-4567"),
                row(2, "bob@example.com", "1234"),
                row(3, "ann@example.com", "123"),
                row(4, null, null),
                row(5, "", ""));
    }

    private static Dataset<Row> mask(String attributes, Map<String, String> secrets) {
        String xml = StepFixtures.pipeline("customers", "<mask source=\"customers\" " + attributes + "/>");
        return new MaskStep().apply(StepFixtures.step(xml, Mask.class), List.of(customers()), StepFixtures.context(xml, secrets)).output();
    }

    private static String hmac(String key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "tok_" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tokenizeIsTheKeyedHmacAndDeterministicAcrossRuns() throws Exception {
        Dataset<Row> first = mask("columns=\"email\" strategy=\"tokenize\" secretRef=\"tok\"", Map.of("tok", "k1-secret"));
        Dataset<Row> second = mask("columns=\"email\" strategy=\"tokenize\" secretRef=\"tok\"", Map.of("tok", "k1-secret"));
        String ann = hmac("k1-secret", "ann@example.com");
        List<String> expected = sorted("1|" + ann + "|555-123-4567", "2|" + hmac("k1-secret", "bob@example.com") + "|1234",
                "3|" + ann + "|123", "4|null|null", "5|" + hmac("k1-secret", "") + "|");
        assertEquals(expected, rows(first));
        assertEquals(expected, rows(second));
        assertEquals(68, ann.length());
        assertEquals(List.of("id", "email", "phone"), StepFixtures.columns(first));

        Dataset<Row> otherKey = mask("columns=\"email\" strategy=\"tokenize\" secretRef=\"tok\"", Map.of("tok", "k2-secret"));
        String annOtherKey = otherKey.filter("id = 1").first().getString(1);
        assertEquals(hmac("k2-secret", "ann@example.com"), annOtherKey);
        assertNotEquals(ann, annOtherKey);
    }

    @Test
    void nonStringColumnsAreCastToStringFirst() throws Exception {
        Dataset<Row> out = mask("columns=\"id\" strategy=\"tokenize\" secretRef=\"tok\"", Map.of("tok", "k1-secret"));
        assertEquals(DataTypes.StringType, out.schema().apply("id").dataType());
        assertEquals(List.of("id", "email", "phone"), StepFixtures.columns(out));
        assertEquals(hmac("k1-secret", "2"), out.filter("phone = '1234'").first().getString(0));
    }

    @Test
    void hashWithoutSaltIsPlainSha256() throws Exception {
        Dataset<Row> out = mask("columns=\"email, phone\" strategy=\"hash\"", Map.of());
        String ann = sha256("ann@example.com");
        assertEquals(sorted("1|" + ann + "|" + sha256("555-123-4567"), "2|" + sha256("bob@example.com") + "|" + sha256("1234"),
                "3|" + ann + "|" + sha256("123"), "4|null|null", "5|" + sha256("") + "|" + sha256("")), rows(out));
    }

    @Test
    void hashWithSecretRefPrependsTheSalt() throws Exception {
        Dataset<Row> out = mask("columns=\"email\" strategy=\"hash\" secretRef=\"salt\"", Map.of("salt", "pepper!"));
        String ann = sha256("pepper!ann@example.com");
        assertEquals(sorted("1|" + ann + "|555-123-4567", "2|" + sha256("pepper!bob@example.com") + "|1234",
                "3|" + ann + "|123", "4|null|null", "5|" + sha256("pepper!") + "|"), rows(out));
    }

    @Test
    void redactReplacesTheWholeValue() {
        assertEquals(sorted("1|****|555-123-4567", "2|****|1234", "3|****|123", "4|null|null", "5|****|"),
                rows(mask("columns=\"email\" strategy=\"redact\"", Map.of())));
        assertEquals(sorted("1|[removed]|555-123-4567", "2|[removed]|1234", "3|[removed]|123", "4|null|null", "5|[removed]|"),
                rows(mask("columns=\"email\" strategy=\"redact\" replacement=\"[removed]\"", Map.of())));
    }

    @Test
    void redactKeepLastMasksAllButTheLastCharactersAndKeepsShortValues() {
        assertEquals(sorted("1|ann@example.com|********4567", "2|bob@example.com|1234", "3|ann@example.com|123", "4|null|null", "5||"),
                rows(mask("columns=\"phone\" strategy=\"redact\" keepLast=\"4\"", Map.of())));
        // replacement is the masking character; "$" is not a regex group reference
        assertEquals(sorted("1|ann@example.com|$$$$$$$$4567", "2|bob@example.com|1234", "3|ann@example.com|123", "4|null|null", "5||"),
                rows(mask("columns=\"phone\" strategy=\"redact\" keepLast=\"4\" replacement=\"$\"", Map.of())));
        assertEquals(sorted("1|ann@example.com|************", "2|bob@example.com|****", "3|ann@example.com|***", "4|null|null", "5||"),
                rows(mask("columns=\"phone\" strategy=\"redact\" keepLast=\"0\"", Map.of())));
    }

    @Test
    void encryptRoundTripsAndEqualValuesGiveDifferentCiphertexts() throws Exception {
        Dataset<Row> out = mask("columns=\"email\" strategy=\"encrypt\" secretRef=\"aes\"", Map.of("aes", "a passphrase"));
        List<String> decrypted = new ArrayList<>();
        List<String> ciphertexts = new ArrayList<>();
        for (Row r : out.collectAsList()) {
            String value = r.getString(1);
            if (value == null) {
                decrypted.add(r.getInt(0) + "|null");
                continue;
            }
            assertTrue(value.startsWith("enc:v1:"), value);
            ciphertexts.add(value);
            decrypted.add(r.getInt(0) + "|" + MaskStep.decrypt(value, "a passphrase"));
            // independently: key = SHA-256 of the passphrase, payload = 12-byte IV || ciphertext+tag
            byte[] key = MessageDigest.getInstance("SHA-256").digest("a passphrase".getBytes(StandardCharsets.UTF_8));
            assertEquals(MaskStep.decrypt(value, "a passphrase"), gcmDecrypt(key, value));
        }
        assertEquals(sorted("1|ann@example.com", "2|bob@example.com", "3|ann@example.com", "4|null", "5|"), decrypted.stream().sorted().toList());
        assertEquals(4, ciphertexts.stream().distinct().count(), "rows 1 and 3 hold the same email, encrypted with different IVs");
    }

    @Test
    void aBase64SecretOf32BytesIsTheKeyItself() throws Exception {
        Dataset<Row> out = mask("columns=\"email\" strategy=\"encrypt\" secretRef=\"aes\"", Map.of("aes", RAW_KEY));
        String value = out.filter("id = 2").first().getString(1);
        assertEquals("bob@example.com", gcmDecrypt(Base64.getDecoder().decode(RAW_KEY), value));
    }

    @Test
    void aTamperedValueOrAWrongSecretFailsAuthentication() {
        String value = mask("columns=\"email\" strategy=\"encrypt\" secretRef=\"aes\"", Map.of("aes", "a passphrase"))
                .filter("id = 1").first().getString(1);
        byte[] payload = Base64.getDecoder().decode(value.substring("enc:v1:".length()));
        payload[20] ^= 1;
        String tampered = "enc:v1:" + Base64.getEncoder().encodeToString(payload);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskStep.decrypt(tampered, "a passphrase"));
        assertEquals("encrypted value failed authentication: wrong secret, or the value was altered", e.getMessage());
        assertInstanceOf(AEADBadTagException.class, e.getCause());

        IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class, () -> MaskStep.decrypt(value, "another passphrase"));
        assertEquals("encrypted value failed authentication: wrong secret, or the value was altered", wrongKey.getMessage());

        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> MaskStep.decrypt("ann@example.com", "a passphrase"));
        assertEquals("not an encrypted value: it does not start with enc:v1:", plain.getMessage());
        assertNull(MaskStep.decrypt(null, "a passphrase"));
    }

    @Test
    void theDecryptCommandPrintsThePlaintextAndReadsTheSecretFromStandardInput() throws Exception {
        String value = mask("columns=\"email\" strategy=\"encrypt\" secretRef=\"aes\"", Map.of("aes", "a passphrase"))
                .filter("id = 2").first().getString(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Decrypt.run(new String[] {"-", value}, new BufferedReader(new StringReader("a passphrase\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("bob@example.com" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(1, Decrypt.run(new String[] {"wrong", value}, new BufferedReader(new StringReader("")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("encrypted value failed authentication: wrong secret, or the value was altered" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingColumnIsNamed() {
        DatahubException e = assertThrows(DatahubException.class, () -> mask("columns=\"email, ssn\" strategy=\"redact\"", Map.of()));
        assertEquals(ErrorCategory.UNKNOWN_COLUMN, e.category());
        assertEquals("<mask> columns: column 'ssn' does not exist (columns: id, email, phone)", e.getMessage());
    }

    @Test
    void aMissingSecretIsSecretMissingWithoutAValue() {
        DatahubException e = assertThrows(DatahubException.class,
                () -> mask("columns=\"email\" strategy=\"tokenize\" secretRef=\"tok\"", Map.of()));
        assertEquals(ErrorCategory.SECRET_MISSING, e.category());
        assertEquals("secret 'tok' has no value (set Spark configuration spark.datahub.secret.tok)", e.getMessage());
    }

    @Test
    void theKeyIsNotInTheQueryPlan() {
        Dataset<Row> out = mask("columns=\"email\" strategy=\"hash\" secretRef=\"salt\"", Map.of("salt", "pepper-4711"));
        String plans = out.queryExecution().toString();
        assertTrue(plans.contains("datahub_salted_sha256"), plans);
        assertTrue(!plans.contains("pepper-4711"), plans);
    }

    /** AES-GCM decryption written against the documented format, independently of FieldCipher. */
    private static String gcmDecrypt(byte[] key, String value) throws Exception {
        byte[] payload = Base64.getDecoder().decode(value.substring("enc:v1:".length()));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, payload, 0, 12));
        return new String(cipher.doFinal(payload, 12, payload.length - 12), StandardCharsets.UTF_8);
    }
}
