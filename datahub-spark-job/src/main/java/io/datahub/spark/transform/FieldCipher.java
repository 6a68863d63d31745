package io.datahub.spark.transform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for single values, as written by {@code <mask strategy="encrypt">}: {@code enc:v1:} followed by
 * base64 (standard alphabet, padded) of a random 12-byte IV, then the ciphertext with its 16-byte tag.
 * The plaintext is the value's UTF-8 bytes. Plain Java (no Spark), so values can be decrypted anywhere:
 * {@link #decrypt(String, String)} or {@link Decrypt} on the command line.
 *
 * <p>Key: a secret of 44 base64 characters that decodes to 32 bytes is the AES key itself (generate one with
 * {@code openssl rand -base64 32}); any other secret is a passphrase whose SHA-256 is the key.
 */
public final class FieldCipher {

    public static final String PREFIX = "enc:v1:";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FieldCipher() {
    }

    /** The 32-byte AES key for a secret (see the class comment). */
    public static byte[] key(String secret) {
        if (secret.length() == 44) {
            try {
                byte[] raw = Base64.getDecoder().decode(secret);
                if (raw.length == 32) {
                    return raw;
                }
            } catch (IllegalArgumentException notBase64) {
                // a passphrase that happens to be 44 characters long
            }
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Encrypts with a fresh random IV, so equal values give different outputs; null stays null. */
    public static String encrypt(String value, byte[] key) {
        if (value == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a value written by {@code <mask strategy="encrypt">} with the same secret; null stays null.
     *
     * @throws IllegalArgumentException when the value is not of that form, or fails authentication (wrong secret,
     *                                  or the value was altered; the cause is then the {@link AEADBadTagException})
     */
    public static String decrypt(String value, String secret) {
        if (value == null) {
            return null;
        }
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an encrypted value: it does not start with " + PREFIX);
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encrypted value: the text after " + PREFIX + " is not base64", e);
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not an encrypted value: too short for an IV and a tag");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(secret), "AES"), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("encrypted value failed authentication: wrong secret, or the value was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getMessage(), e);
        }
    }
}
