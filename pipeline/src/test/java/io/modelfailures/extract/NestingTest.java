package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NestingTest {

  @Test
  void countsTheContainerMarkersALineStartsWith() {
    assertThat(Nesting.deepest("")).isZero();
    assertThat(Nesting.deepest("plain text\n## heading\n**bold** - not a marker")).isZero();
    assertThat(Nesting.deepest("- item\n  - nested\n")).isEqualTo(1);
    assertThat(Nesting.deepest("> > - 1. deep\n")).isEqualTo(4);
    assertThat(Nesting.deepest(">>>x\r>y")).isEqualTo(3);
    assertThat(Nesting.deepest("- ".repeat(5000) + "x")).isEqualTo(5000);
    assertThat(Nesting.deepest("* * *\n")).isEqualTo(3); // a thematic break counts: an upper bound
    assertThat(Nesting.deepest("1234567890. not a marker\n-x\n")).isZero();
  }
}
