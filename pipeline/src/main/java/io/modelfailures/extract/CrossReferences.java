package io.modelfailures.extract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads summaries that assign severities to entries by number, such as "Critical Errors (Must Fix):
 * ERROR 2, ERROR 4" or a "### High Priority Errors:" heading over a list of "ERROR 9: ...".
 *
 * <p>Consumes the document's lines and a mask of lines to skip (entry bodies and code); emits a map
 * from entry number to severity. The first assignment of a number wins.
 */
final class CrossReferences {

  private CrossReferences() {}

  private static final Pattern REF =
      Pattern.compile(
          "\\b(?:errors?|bugs?|issues?|faults?|failures?|findings?|items?)\\s*#?\\s*(\\d{1,4})\\b|#(\\d{1,4})\\b",
          Pattern.CASE_INSENSITIVE);
  private static final String[] REF_NOUNS = {
    "error", "bug", "issue", "fault", "failure", "finding", "item"
  };

  // Further numbers in a list after a reference: "ERROR 2, 4 and 7".
  private static final Pattern MORE = Pattern.compile("^\\s*(?:,|and|&|/)\\s*(\\d{1,4})\\b");
  private static final Pattern SEV =
      Pattern.compile("\\b(" + Severity.WORDS + ")\\b", Pattern.CASE_INSENSITIVE);

  static Map<Integer, Severity> read(String[] lines, boolean[] skip) {
    Map<Integer, Severity> out = new HashMap<>();
    Severity current = null;
    for (int i = 0; i < lines.length; i++) {
      Cancellation.check();
      if (skip[i] || lines[i].length() > 2000) {
        continue;
      }
      String line = lines[i];
      String stripped = line.strip();
      // Both patterns are tried at every position, and most lines hold nothing they need: a
      // reference needs a digit and '#' or one of its nouns, a severity one of the severity words
      // (both ignoring ASCII case; see Needles). Without them neither can find a match.
      String lower = line.toLowerCase(Locale.ROOT);
      Matcher ref = REF.matcher(line);
      boolean hasRef =
          Needles.hasDigit(line)
              && (line.indexOf('#') >= 0 || Needles.any(lower, REF_NOUNS))
              && ref.find();
      Matcher sev = SEV.matcher(line);
      boolean hasSev = Needles.any(lower, Needles.SEVERITY_WORDS) && sev.find();
      if (stripped.startsWith("#")) {
        current = hasSev ? Severity.fromWord(sev.group(1)).orElse(null) : null;
      } else if (hasSev && !hasRef && (stripped.endsWith(":") || stripped.endsWith(":**"))) {
        current = Severity.fromWord(sev.group(1)).orElse(null);
      }
      if (!hasRef) {
        continue;
      }
      Severity s = null;
      if (hasSev && sev.start() < ref.start()) {
        s = Severity.fromWord(sev.group(1)).orElse(null);
      } else if (current != null) {
        s = current;
      }
      if (s == null) {
        continue;
      }
      ref.reset();
      while (ref.find()) {
        String n = ref.group(1) != null ? ref.group(1) : ref.group(2);
        out.putIfAbsent(Integer.parseInt(n), s);
        Matcher more = MORE.matcher(line.substring(ref.end()));
        int offset = ref.end();
        while (more.find()) {
          out.putIfAbsent(Integer.parseInt(more.group(1)), s);
          offset += more.end();
          more = MORE.matcher(line.substring(offset));
        }
      }
    }
    return out;
  }
}
