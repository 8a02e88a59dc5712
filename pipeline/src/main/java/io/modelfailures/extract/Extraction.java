package io.modelfailures.extract;

import java.util.List;
import java.util.Map;

/**
 * Everything extracted from one document's text.
 *
 * <p>Emitted by {@link FailureExtractor#extract(String)}: the failures, the structure family the
 * document was recognised as ({@code layout}), and what the document declares about itself. {@code
 * declaredCounts} maps a severity label to its stated count; it is empty when none is stated.
 * {@code crossReferences} maps an entry number to the severity a summary assigns it.
 */
public record Extraction(
    List<ExtractedFailure> failures,
    String layout,
    boolean fenced,
    boolean noFailuresStated,
    Integer declaredTotal,
    int declaredTotalLine,
    Map<String, Integer> declaredCounts,
    int declaredCountsLine,
    Double declaredTrainingScore,
    int declaredTrainingScoreLine,
    Map<Integer, String> crossReferences,
    int lineCount) {}
