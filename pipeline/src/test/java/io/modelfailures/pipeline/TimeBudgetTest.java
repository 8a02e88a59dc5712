package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfailures.extract.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TimeBudgetTest {

  @Test
  @Timeout(30)
  void returnsResultsAndErrorsAndCancelsATaskOverBudget() throws Exception {
    try (TimeBudget budget = new TimeBudget(200)) {
      assertThat(budget.call(() -> "done")).isEqualTo("done");
      assertThatThrownBy(
              () ->
                  budget.call(
                      () -> {
                        throw new IllegalStateException("bad document");
                      }))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
      CountDownLatch stopped = new CountDownLatch(1);
      assertThatThrownBy(
              () ->
                  budget.call(
                      () -> {
                        try {
                          long x = 0;
                          while (true) { // a runaway extraction that checks for cancellation
                            Cancellation.check();
                            x += System.nanoTime() % 7;
                          }
                        } finally {
                          stopped.countDown();
                        }
                      }))
          .isInstanceOf(TimeBudget.Exceeded.class);
      // The interrupted task stopped at its next check; the budget still serves new tasks.
      assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(budget.call(() -> 42)).isEqualTo(42);
    }
  }
}
