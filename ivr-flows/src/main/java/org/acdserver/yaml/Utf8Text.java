package org.acdserver.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a configuration or flow file as UTF-8, strictly: a byte that is not part of a UTF-8 character (a file saved
 * as Latin-1 or Windows-1252, say) is a {@link YamlException} naming the file, the line and the column where it
 * stands, rather than the JDK's bare "Input length = 1".
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /** The file's text; fails with the file's name and the first undecodable byte's line and column. */
    public static String read(Path file) throws YamlException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new YamlException(new YamlProblem(file.toString(), Position.NONE, "cannot read: "
                    + e.getMessage()), e);
        }
        return decode(bytes, file.toString());
    }

    /** The bytes as UTF-8 text; {@code source} names them in the problem. */
    public static String decode(byte[] bytes, String source) throws YamlException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            String prefix = new String(bytes, 0, at, StandardCharsets.UTF_8);
            int lineStart = prefix.lastIndexOf('\n') + 1;
            int line = (int) prefix.chars().filter(c -> c == '\n').count() + 1;
            int column = prefix.codePointCount(lineStart, prefix.length()) + 1;
            String bad = String.format(Locale.ROOT, "0x%02X", bytes[at] & 0xff);
            throw new YamlException(new YamlProblem(source, new Position(line, column), "not UTF-8: byte " + bad
                    + " is not part of a UTF-8 character (save the file as UTF-8)"), null);
        }
        out.flip();
        String text = out.toString();
        // A byte order mark is allowed at the start and is not part of the text.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
