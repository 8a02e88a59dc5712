package io.modelfailures.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps one service spelling, such as a metadata {@code aws_services} entry, to a canonical name.
 *
 * <p>Consumes the catalog's services once; then consumes single spellings and emits the canonical
 * name or nothing. Every catalog name is indexed as a key of lower-case letters and digits, so
 * case, spaces, hyphens and camel case never matter; the spelling is cut into words and its longest
 * leading run of words that is a key decides ("CloudWatch Log Groups" is CloudWatch Logs,
 * "CloudWatch Alarms" is CloudWatch).
 */
final class SpellingIndex {

  // Vendor words in front of a name carry no meaning: "Amazon S3", "AWS::Lambda", "AWSBackup".
  private static final Set<String> VENDOR = Set.of("aws", "amazon");

  // Metadata often files VPC and Auto Scaling parts under EC2 ("EC2 Subnet", "EC2 NAT Gateway",
  // "EC2 Auto Scaling"): when the words after "EC2" name a service themselves, that one wins.
  private static final String NAMESPACE_KEY = "ec2";

  private static final Pattern BRACKETED = Pattern.compile("\\(([^)]*)\\)?");

  // A key with a flag saying whether it is a canonicalize-only spelling ("Logs", "Role"), which
  // counts only as the whole entry.
  private record Target(String canonical, boolean wholeOnly) {}

  private record Hit(String canonical, int words, int keyLength) {}

  private final Map<String, Target> byKey = new HashMap<>();
  private final Map<String, String> cloudFormation = new HashMap<>();
  private final Map<String, String> terraform = new HashMap<>();

  SpellingIndex(List<ServiceCatalog.Service> services) {
    for (ServiceCatalog.Service s : services) {
      s.aliases().forEach(a -> index(a, s.name(), false, false));
      s.cased().forEach(a -> index(a, s.name(), true, false));
      s.spellings().forEach(a -> index(a, s.name(), false, true));
      // Code names that are plain words ("DatabaseCluster", "LogGroup") are good keys too.
      s.code().stream()
          .filter(c -> c.chars().allMatch(Character::isLetterOrDigit))
          .forEach(c -> index(c, s.name(), true, false));
      s.cloudformation().forEach(p -> cloudFormation.put(p.toLowerCase(Locale.ROOT), s.name()));
      s.terraform().forEach(p -> terraform.put(p.toLowerCase(Locale.ROOT), s.name()));
    }
  }

  private void index(String name, String canonical, boolean cased, boolean wholeOnly) {
    // First writer wins: an alias keeps its key when a later spelling repeats it.
    byKey.putIfAbsent(key(name), new Target(canonical, wholeOnly));
    // Entries lose their vendor word before lookup, so "AWS Data Exchange" is also indexed as
    // "dataexchange"; what is left of a cased name ("AWS Glue") is a common word, whole-entry only.
    List<String> words = Words.split(name);
    if (words.size() > 1 && VENDOR.contains(words.get(0))) {
      String rest = String.join("", words.subList(1, words.size()));
      byKey.putIfAbsent(rest, new Target(canonical, wholeOnly || cased));
    }
  }

  Optional<String> canonicalize(String spelling) {
    String s = firstItem(spelling).strip().replaceAll("^[\"'`(\\[]+|[\"'`)\\].:;]+$", "");
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("aws::")) {
      // "AWS::EC2" and "AWS::EC2::Subnet" alike: compare with a trailing "::" added.
      Optional<String> type = longestPrefix(cloudFormation, lower + "::");
      if (type.isPresent()) {
        return type;
      }
    } else if (lower.startsWith("aws_")) {
      Optional<String> type = longestPrefix(terraform, lower);
      if (type.isPresent()) {
        return type;
      }
    }
    // "Application Load Balancer (ALB)": the words outside the brackets first, then inside.
    String outside = BRACKETED.matcher(s).replaceAll(" ");
    Optional<String> found = lookupPhrase(outside);
    if (found.isEmpty()) {
      Matcher inside = BRACKETED.matcher(s);
      while (found.isEmpty() && inside.find()) {
        found = lookupPhrase(inside.group(1));
      }
    }
    return found;
  }

  /** The first item of a comma- or semicolon-separated list, ignoring separators in brackets. */
  private static String firstItem(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if ((c == ',' || c == ';') && depth == 0) {
        return s.substring(0, i);
      }
    }
    return s;
  }

  private Optional<String> lookupPhrase(String phrase) {
    List<String> words = Words.split(phrase);
    int from = 0;
    while (from < words.size() && VENDOR.contains(words.get(from))) {
      from++;
    }
    Hit head = leading(words, from);
    if (head != null && head.words() == 1 && words.get(from).equals(NAMESPACE_KEY)) {
      Hit rest = leading(words, from + 1);
      rest = rest != null ? rest : anywhere(words, from + 1);
      if (rest != null) {
        head = rest;
      }
    }
    if (head == null) {
      head = anywhere(words, from);
    }
    return head == null ? Optional.empty() : Optional.of(head.canonical());
  }

  /** The longest run of words starting at {@code from} that is a key. */
  private Hit leading(List<String> words, int from) {
    for (int to = words.size(); to > from; to--) {
      Hit hit = lookup(words, from, to, true);
      if (hit != null) {
        return hit;
      }
    }
    return null;
  }

  /** The longest key anywhere among the words ("WebSecurityGroup" is EC2). */
  private Hit anywhere(List<String> words, int from) {
    Hit best = null;
    for (int i = from; i < words.size(); i++) {
      for (int to = words.size(); to > i; to--) {
        Hit hit = lookup(words, i, to, false);
        if (hit != null && (best == null || hit.keyLength() > best.keyLength())) {
          best = hit;
        }
      }
    }
    return best;
  }

  /** Looks up words [from, to) as they are, without trailing digits, and in the singular. */
  private Hit lookup(List<String> words, int from, int to, boolean leading) {
    StringBuilder head = new StringBuilder();
    for (int i = from; i < to - 1; i++) {
      head.append(words.get(i));
    }
    String last = words.get(to - 1);
    String bare = last.replaceAll("(?<=[a-z])\\d+$", "");
    for (String variant : List.of(last, bare, singular(bare))) {
      String k = head + variant;
      Target t = byKey.get(k);
      // A generic spelling ("Backup", "Logs", "Role") must be the whole entry: "backup of the
      // file" and "ScaleInPolicy" name no service.
      if (t != null && (!t.wholeOnly() || (leading && to == words.size()))) {
        return new Hit(t.canonical(), to - from, k.length());
      }
    }
    return null;
  }

  private static String singular(String word) {
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 2) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  private static Optional<String> longestPrefix(Map<String, String> prefixes, String type) {
    String best = null;
    for (String prefix : prefixes.keySet()) {
      if (type.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return Optional.ofNullable(best).map(prefixes::get);
  }

  /** The index key of a name: its letters and digits, lower-cased. */
  static String key(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }
}
