package io.modelfailures.extract;

/**
 * The field label each line of one document starts with, found at most once per line.
 *
 * <p>Consumes the document's lines; emits, per line, the label {@link FieldReader} sees there
 * ("**Impact**: ...", "### Root Cause") or null. {@link FieldReader#read} and {@link
 * ServiceSelector} both read every line of every entry for its label, and the label pattern is the
 * costly part of either; the answer depends on the line alone, so it is kept.
 */
final class LineLabels {

  /** A label as the pattern reads it: the name as written and the text after it. */
  record Label(String rawName, String value) {}

  private static final Label NONE = new Label(null, null);

  private final String[] lines;
  private final Label[] found;

  LineLabels(String[] lines) {
    this.lines = lines;
    this.found = new Label[lines.length];
  }

  /** The label line {@code i} (0-based) starts with, or null. */
  Label at(int i) {
    Label l = found[i];
    if (l == null) {
      Label read = FieldReader.label(lines[i]);
      l = read == null ? NONE : read;
      found[i] = l;
    }
    return l == NONE ? null : l;
  }
}
