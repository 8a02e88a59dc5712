package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDecoderTest {

  @Test
  void decodesUtf8AndDropsByteOrderMarks() throws Exception {
    assertThat(TextDecoder.decode("# Café".getBytes(StandardCharsets.UTF_8))).isEqualTo("# Café");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '#', ' ', 'x'};
    assertThat(TextDecoder.decode(bom)).isEqualTo("# x");
    byte[] utf16 = "\uFEFF# title".getBytes(StandardCharsets.UTF_16LE);
    assertThat(TextDecoder.decode(utf16)).isEqualTo("# title");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] latin1 = "naïve".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> TextDecoder.decode(latin1))
        .isInstanceOf(TextDecoder.DecodeException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void refusesBinary() {
    byte[] bytes = new byte[4096];
    new Random(7).nextBytes(bytes);
    assertThatThrownBy(() -> TextDecoder.decode(bytes))
        .isInstanceOf(TextDecoder.DecodeException.class);
    byte[] controls = new byte[200];
    java.util.Arrays.fill(controls, (byte) 1);
    assertThatThrownBy(() -> TextDecoder.decode(controls)).hasMessageContaining("binary content");
  }

  @Test
  void keepsTextWithAFewControlCharacters() throws Exception {
    String text = "a".repeat(500) + "\u0000" + "b".repeat(500);
    assertThat(TextDecoder.decode(text.getBytes(StandardCharsets.UTF_8))).hasSize(1001);
  }
}
