package io.modelfailures.extract;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the services whose resources one line of code declares.
 *
 * <p>Consumes one line from a fenced code block; emits canonical service names in order. Only a
 * declaration counts, the shape the labelling guide names ("resource types in its code"):
 *
 * <ul>
 *   <li>a CloudFormation resource type ({@code Type: AWS::S3::Bucket});
 *   <li>a Terraform resource block ({@code resource "aws_s3_bucket" "logs"});
 *   <li>a CDK, CDKTF or Pulumi construct call ({@code new s3.Bucket(this, ...)}, {@code
 *       aws.s3.Bucket("b", ...)}, {@code S3Bucket(self, ...)}).
 * </ul>
 *
 * <p>A service merely referred to in code (an attribute such as {@code aws_s3_bucket.logs.arn}, an
 * IAM action such as {@code "s3:GetObject"}, a service principal, an import) is what the declared
 * resource uses, not a resource of the entry's own.
 */
final class CodeResources {

  private CodeResources() {}

  private static final Pattern DECLARATION =
      Pattern.compile(
          // CloudFormation: the Type of a resource, in YAML or JSON.
          "\\bType[\"']?\\s*:\\s*[\"']?(AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+)"
              // Terraform: a resource block.
              + "|\\bresource\\s+[\"'](aws_\\w+)[\"']"
              // CDK / CDKTF / Pulumi in TypeScript, Java or C#: "new s3.Bucket(", "new S3Bucket(".
              + "|\\bnew\\s+((?:[A-Za-z_]\\w*\\.)*[A-Z]\\w*)\\s*[(<]"
              // Python and Go: "aws.s3.Bucket(", "s3.Bucket(", "awss3.NewBucket(".
              + "|(?<![\\w.])((?:[a-z_]\\w*\\.)+[A-Z]\\w*)\\s*\\("
              // CDKTF Python: a construct class called with its scope first, "S3Bucket(self, ".
              + "|(?<![\\w.])([A-Z][A-Za-z0-9]+)\\s*\\(\\s*(?:self|this|scope)\\b");

  /** Returns the services whose resources {@code line} declares, each once. */
  static List<String> declared(ServiceCatalog catalog, String line) {
    List<String> out = new ArrayList<>();
    if (!mayDeclare(line)) {
      return out;
    }
    Matcher m = DECLARATION.matcher(line);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          for (String s : ServiceMentions.find(catalog, m.group(g))) {
            if (!out.contains(s)) {
              out.add(s);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * False when no alternative of {@link #DECLARATION} can match: each needs literal text that a few
   * plain searches find, while the alternation itself is tried at every position of every code
   * line. The pattern is case-sensitive, so the searches are too. Needed by each alternative: a
   * CloudFormation type "AWS::"; a Terraform type "aws_"; a construct "new" and '(' or '<'; a
   * qualified call '.' and '('; a scoped call '(' and "self", "this" or "scope".
   */
  private static boolean mayDeclare(String line) {
    if (line.contains("AWS::") || line.contains("aws_")) {
      return true;
    }
    boolean paren = line.indexOf('(') >= 0;
    boolean fresh = line.contains("new");
    if (fresh && (paren || line.indexOf('<') >= 0)) {
      return true;
    }
    return paren
        && (line.indexOf('.') >= 0
            || line.contains("self")
            || line.contains("this")
            || line.contains("scope"));
  }
}
