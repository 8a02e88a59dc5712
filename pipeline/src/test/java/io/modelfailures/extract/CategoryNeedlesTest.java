package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The literal starts that let a category rule be skipped: every text a rule matches must hold one
 * of them, and a rule of another shape must get none (so it always runs).
 */
class CategoryNeedlesTest {

  @Test
  void eachAlternativeGivesItsLeadingLettersAndSpaces() {
    assertThat(CategoryTaxonomy.needles("\\b(iam role|polic(?:y|ies)|least privilege)\\b"))
        .containsExactly("iam role", "polic", "least privilege");
  }

  @Test
  void aLetterAQuantifierMakesOptionalIsLeftOut() {
    assertThat(CategoryTaxonomy.needles("\\b(roles?|tags*|keys{0,1})\\b"))
        .containsExactly("role", "tag", "key");
  }

  @Test
  void anAlternativeWithNoLiteralStartOrAnotherShapeMeansAlwaysRun() {
    assertThat(CategoryTaxonomy.needles("\\b([a-z]+ bucket|encryption)\\b")).isNull();
    assertThat(CategoryTaxonomy.needles("encrypt(ion|ed)")).isNull();
    assertThat(CategoryTaxonomy.needles("\\b(a|[b|c)\\b")).isNull();
    assertThat(CategoryTaxonomy.needles("\\b(kms|x?y)\\b")).isNull();
  }

  @Test
  void everyTextTheRuleMatchesHoldsOneOfTheNeedles() {
    String regex = "\\b(iam role|polic(?:y|ies)|s3 buckets?|least privilege)\\b";
    String[] needles = CategoryTaxonomy.needles(regex);
    Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    for (String text :
        new String[] {
          "The IAM Role is too broad", "policies", "an S3 Bucket", "least privilege", "S3 buckets"
        }) {
      String lower = text.toLowerCase(java.util.Locale.ROOT);
      assertThat(p.matcher(lower).find()).as(text).isTrue();
      assertThat(Needles.any(lower, needles)).as(text).isTrue();
    }
  }
}
