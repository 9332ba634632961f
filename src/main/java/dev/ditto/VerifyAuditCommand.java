package dev.ditto;

import dev.ditto.control.audit.AuditChainVerifier;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * {@code java -jar ditto-gateway.war verify-audit [--partial] FILE}: checks an audit export
 * offline with {@link AuditChainVerifier}, without a configuration, a database or a server.
 * Reads the JSONL export, plain or gzipped (as {@code Accept-Encoding: gzip} downloads it).
 *
 * <p>Exit status: 0 when the file verifies, {@value #EXIT_BAD_RECORD} at the first bad record,
 * {@value #EXIT_USAGE} for a bad command line or a file that cannot be read.
 */
public final class VerifyAuditCommand {

    /** The subcommand's name on the launcher's command line. */
    public static final String NAME = "verify-audit";
    /** Exit status when a record does not verify. */
    public static final int EXIT_BAD_RECORD = 1;
    /** Exit status for a bad command line or an unreadable file. */
    public static final int EXIT_USAGE = 2;
    /** How to call it. */
    public static final String USAGE = """
            Usage: java -jar ditto-gateway.war verify-audit [--partial] FILE

              FILE        an audit export: GET /admin/audit/export?format=jsonl (gzipped or not)
              --partial   accept chains that start mid-way without an anchor record (an export
                          with 'from', or the rest of a resumed one); their first record is
                          taken on trust
            Prints 'OK n records, last hash H' and exits 0, or the first bad record (line, id,
            expected and actual hash) and exits 1.
            """;

    private VerifyAuditCommand() {}

    /**
     * Runs the subcommand.
     *
     * @param args the arguments after {@value #NAME}
     * @param out where the report goes
     * @param err where usage errors go
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean partial = false;
        Path file = null;
        for (String arg : args) {
            if (arg.equals("--partial")) {
                partial = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else if (arg.startsWith("-") || file != null) {
                err.println("ditto verify-audit: unexpected argument '" + arg + "'");
                err.print(USAGE);
                return EXIT_USAGE;
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            err.println("ditto verify-audit: name the export file to verify");
            err.print(USAGE);
            return EXIT_USAGE;
        }
        try (BufferedReader lines = open(file)) {
            AuditChainVerifier.Result result = AuditChainVerifier.verify(lines, partial);
            out.print(result.report());
            out.flush();
            return result.ok() ? 0 : EXIT_BAD_RECORD;
        } catch (NoSuchFileException e) {
            err.println("ditto verify-audit: no such file: " + file);
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("ditto verify-audit: cannot read " + file + ": " + e);
            return EXIT_USAGE;
        }
    }

    /** Opens the file as strict UTF-8 text, ungzipping it when it starts with gzip's magic bytes. */
    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            if (first == 0x1f && second == 0x8b) {
                in = new GZIPInputStream(in, 65_536);
            }
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new BufferedReader(new InputStreamReader(in, utf8), 65_536);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
