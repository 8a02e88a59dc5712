package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default shard count follows the corpus: bounded shards, never fewer than four. */
class ListDocumentsShardsTest {

  @Test
  void smallCorporaGetTheMinimum() {
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(0)).isEqualTo(4);
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(742)).isEqualTo(4);
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(4000)).isEqualTo(4);
  }

  @Test
  void largeCorporaKeepShardsNearAThousandDocuments() {
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(4001)).isEqualTo(5);
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(10_000)).isEqualTo(10);
    assertThat(ListDocuments.MatchDocumentsFn.autoShards(100_001)).isEqualTo(101);
  }
}
