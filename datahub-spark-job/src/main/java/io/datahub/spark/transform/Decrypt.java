package io.datahub.spark.transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Decrypts one value written by {@code <mask strategy="encrypt">}:
 * <pre>java -cp datahub-spark-job.jar io.datahub.spark.transform.Decrypt &lt;secret&gt; &lt;value&gt;</pre>
 * prints the plaintext. Pass {@code -} as the secret to read it from the first line of standard input
 * instead, which keeps it out of the shell history and the process list. Needs neither Spark nor Hadoop.
 * Exit status 0 on success, 1 when the value does not decrypt (the reason on standard error), 2 on bad usage.
 */
public final class Decrypt {

    private Decrypt() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(run(args, stdin, System.out, System.err));
    }

    static int run(String[] args, BufferedReader stdin, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 2) {
            err.println("usage: Decrypt <secret|-> <value>   (-: read the secret from standard input)");
            return 2;
        }
        String secret = args[0].equals("-") ? stdin.readLine() : args[0];
        if (secret == null || secret.isEmpty()) {
            err.println("no secret given");
            return 2;
        }
        try {
            out.println(FieldCipher.decrypt(args[1], secret));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
