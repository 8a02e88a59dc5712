package io.modelfailures.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a document's raw bytes into text, or refuses with a {@link DecodeException}.
 *
 * <p>Consumes the file's bytes; emits the decoded text with any byte-order mark removed. UTF-8 is
 * decoded strictly (a malformed sequence is an error, not a replacement character) so that a
 * mis-encoded file is quarantined rather than parsed into subtly wrong records. UTF-16 is accepted
 * only when a byte-order mark says so. Content that looks binary is refused.
 */
public final class TextDecoder {

  private TextDecoder() {}

  /** Decodes {@code bytes}; throws {@link DecodeException} with a reason when they are not text. */
  public static String decode(byte[] bytes) throws DecodeException {
    if (bytes.length == 0) {
      return "";
    }
    String text;
    if (startsWith(bytes, 0xFE, 0xFF)) {
      text = strict(StandardCharsets.UTF_16BE.newDecoder(), bytes, 2);
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      text = strict(StandardCharsets.UTF_16LE.newDecoder(), bytes, 2);
    } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      text = strict(StandardCharsets.UTF_8.newDecoder(), bytes, 3);
    } else {
      text = strict(StandardCharsets.UTF_8.newDecoder(), bytes, 0);
    }
    checkNotBinary(text);
    return text;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String strict(CharsetDecoder decoder, byte[] bytes, int offset)
      throws DecodeException {
    decoder
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(
          "not valid " + decoder.charset().name() + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * Valid UTF-8 can still be binary (e.g. all-ASCII control bytes). Markdown written by people has
   * almost no C0 control characters besides tab, newline, carriage return and form feed, so a share
   * above 1% means the file is not a document.
   */
  private static void checkNotBinary(String text) throws DecodeException {
    int controls = 0;
    int nuls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        nuls++;
      }
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        controls++;
      }
    }
    if (controls > 0 && controls * 100L > text.length()) {
      throw new DecodeException(
          "binary content: "
              + controls
              + " control characters ("
              + nuls
              + " NUL) in "
              + text.length()
              + " characters",
          null);
    }
  }

  /** The bytes are not a text document this pipeline can read. */
  public static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
