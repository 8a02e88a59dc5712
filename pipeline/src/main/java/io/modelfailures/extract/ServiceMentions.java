package io.modelfailures.extract;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the services one line of an entry (or its title) refers to as things the entry may be
 * about, leaving out names that only look like service mentions.
 *
 * <p>Consumes one line of text; emits canonical service names in order of first mention. On top of
 * {@link ServiceCatalog#findInText} it
 *
 * <ul>
 *   <li>ignores file names and paths ({@code lib/lambda/handler.py}, {@code s3.tf}, {@code
 *       /aws/ecs/app}): a file or log-group path says where code lives, not which service is wrong;
 *   <li>ignores the Terraform state backend ({@code S3 backend}, {@code backend "s3"}, {@code
 *       stateBucket}): the labelling guide counts it as S3 only when the entry is about the bucket
 *       itself, and an entry about the bucket names the bucket in other words as well;
 *   <li>reads services named as the target of a VPC endpoint ("VPC endpoints for ECR and STS") as
 *       part of the VPC, not as services of their own;
 *   <li>adds the service that a generic word means in an AWS review: a "database" is RDS, a
 *       "bucket" is S3.
 * </ul>
 */
final class ServiceMentions {

  private ServiceMentions() {}

  // A path has a slash between name characters ("lib/lambda/x.py", "/aws/ecs/app", "s3://b/k");
  // a bare file name ends in a source or config extension ("lambda.tf", "api-gateway.ts").
  // Two patterns, each run only when the line has its mark ('/' or '.'): as one alternation tried
  // at every position of every line they were a tenth of all extraction time. Blanking paths
  // first and file names second finds the same spans: a path's characters include a file name's.
  private static final Pattern PATH = Pattern.compile("(?:[\\w.@~-]*/)+[\\w.@*${}-]+/?");
  private static final Pattern FILE_NAME =
      Pattern.compile(
          "[\\w.-]+\\.(?:tf|tfvars|ts|tsx|js|mjs|py|ya?ml|json|md|java|go|sh|txt|hcl|toml"
              + "|cfg|ini|zip)\\b");
  private static final Pattern STATE_BACKEND =
      Pattern.compile(
          "(?i)\\bS3[ _-]?Backend\\b|\\bbackend[ .\"'_-]*s3\\b|\\bstate[ _-]?bucket\\w*");
  private static final Pattern ENDPOINT = Pattern.compile("(?i)\\bendpoints?\\b");
  // What a VPC endpoint line is about: the endpoint (VPC) and its security groups (EC2).
  private static final Set<String> ENDPOINT_SERVICES = Set.of("VPC", "EC2");

  // Generic words that, in an AWS infrastructure review, mean one service: a "database" or a
  // DB* property is RDS and a "bucket" is S3, unless the text names another such service. The
  // words are matched in any case (titles capitalise them); DB* property names only as written.
  private static final Pattern RDS_WORDS =
      Pattern.compile(
          "\\b(?:(?i:databases?|postgres(?:ql)?|mysql|mariadb)"
              + "|DB(?:Instance|Cluster|SubnetGroup|ParameterGroup|Password|Name)\\w*"
              + "|db\\.[a-z0-9]+\\.[a-z0-9]+)\\b");
  private static final Pattern S3_WORDS = Pattern.compile("(?i)\\bbuckets?\\b");
  private static final Set<String> OTHER_DATABASES =
      Set.of(
          "DynamoDB",
          "Redshift",
          "DocumentDB",
          "Neptune",
          "ElastiCache",
          "Timestream",
          "Keyspaces",
          "MemoryDB",
          "OpenSearch");

  /** Returns the services {@code text} refers to, each once, in order of first mention. */
  static List<String> find(ServiceCatalog catalog, String text) {
    String t = text;
    if (t.indexOf('/') >= 0) {
      t = blank(t, PATH);
    }
    if (t.indexOf('.') >= 0) {
      t = blank(t, FILE_NAME);
    }
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    // Every state-backend form holds "s3" or "state".
    if (lower.contains("s3") || lower.contains("state")) {
      t = blank(t, STATE_BACKEND);
    }
    List<String> found = new ArrayList<>(catalog.findInText(t));
    // The word patterns below are tried at every position; each first needs a literal that a plain
    // search of the lower-cased text finds. Blanking only turns characters into spaces, so a word
    // left in t was already in the text that was lower-cased. The patterns ignore case for ASCII
    // only, and lower-casing maps ASCII letters to ASCII letters, so no match is missed. Every RDS
    // word holds "database", "postgres", "mysql" or "db" (DB*, "db.", "mariadb").
    if (!found.contains("RDS")
        && found.stream().noneMatch(OTHER_DATABASES::contains)
        && (lower.contains("db")
            || lower.contains("database")
            || lower.contains("postgres")
            || lower.contains("mysql"))
        && RDS_WORDS.matcher(t).find()) {
      found.add("RDS");
    }
    if (!found.contains("S3") && lower.contains("bucket") && S3_WORDS.matcher(t).find()) {
      found.add("S3");
    }
    if (found.contains("VPC") && lower.contains("endpoint") && ENDPOINT.matcher(t).find()) {
      found.removeIf(s -> !ENDPOINT_SERVICES.contains(s));
    }
    return found;
  }

  /** Replaces every match of {@code p} with spaces, so that positions and word gaps survive. */
  private static String blank(String text, Pattern p) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text);
    do {
      for (int i = m.start(); i < m.end(); i++) {
        sb.setCharAt(i, ' ');
      }
    } while (m.find());
    return sb.toString();
  }
}
