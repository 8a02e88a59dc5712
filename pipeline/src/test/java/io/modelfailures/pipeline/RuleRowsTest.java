package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.records.RuleSummary;
import io.modelfailures.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rows of {@code rule_summary}, built from one bucket of summed tallies. */
class RuleRowsTest {

  private static Tallies.Tally tally(long a, long b) {
    Tallies.Tally t = new Tallies.Tally(2);
    t.counts[0] = a;
    t.counts[1] = b;
    return t;
  }

  @Test
  void everyRuleHasARowAndHitsAreRatedAgainstTheDocumentCount() {
    TreeMap<String, Tallies.Tally> sums = new TreeMap<>();
    sums.put("", tally(5, 0));
    sums.put(Rule.FIX_MISSING.id(), tally(3, 2));
    List<RuleSummary> rows = new ArrayList<>();

    AggregateStats.ruleRows(sums, rows::add);

    assertThat(rows).hasSize(Rule.values().length);
    RuleSummary fix =
        rows.stream().filter(r -> r.getRule().equals(Rule.FIX_MISSING.id())).findFirst().get();
    assertThat(fix.getHits()).isEqualTo(3);
    assertThat(fix.getDocumentsHit()).isEqualTo(2);
    assertThat(fix.getDocumentsTotal()).isEqualTo(5);
    assertThat(fix.getRate()).isEqualTo(0.4);
    assertThat(fix.getLevel()).isEqualTo("info");
    assertThat(rows)
        .filteredOn(r -> !r.getRule().equals(Rule.FIX_MISSING.id()))
        .allSatisfy(r -> assertThat(r.getHits()).isZero());
  }

  @Test
  void withNoDocumentsEveryRuleStillHasARowAtRateZero() {
    TreeMap<String, Tallies.Tally> sums = new TreeMap<>();
    sums.put("", tally(0, 0));
    List<RuleSummary> rows = new ArrayList<>();

    AggregateStats.ruleRows(sums, rows::add);

    assertThat(rows).hasSize(Rule.values().length);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.getDocumentsTotal()).isZero();
              assertThat(r.getRate()).isZero();
            });
  }

  @Test
  void aRuleIdTheCatalogDoesNotKnowGetsAnInfoRowOfItsOwn() {
    TreeMap<String, Tallies.Tally> sums = new TreeMap<>();
    sums.put("", tally(2, 0));
    sums.put("not-a-rule", tally(1, 1));
    List<RuleSummary> rows = new ArrayList<>();

    AggregateStats.ruleRows(sums, rows::add);

    assertThat(rows).hasSize(Rule.values().length + 1);
    assertThat(rows)
        .filteredOn(r -> r.getRule().equals("not-a-rule"))
        .singleElement()
        .satisfies(r -> assertThat(r.getLevel()).isEqualTo("info"));
  }
}
