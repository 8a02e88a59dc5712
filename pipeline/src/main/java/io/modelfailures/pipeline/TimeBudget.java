package io.modelfailures.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on a worker thread and gives up on it when it has used more than its time budget.
 *
 * <p>The budget is counted in CPU time of the worker thread where the JVM measures it (HotSpot on
 * Linux does), so that a busy machine does not push a document over its budget that an idle one
 * parses in time; elsewhere it is wall-clock time. When the budget is spent the task is cancelled:
 * its thread is interrupted, which stops the extraction at its next {@link
 * io.modelfailures.extract.Cancellation#check()}, and {@link Exceeded} is thrown. Worker threads
 * are daemons from a cached pool, so a task that does not stop at once (a CommonMark parse, which
 * has no cancellation checks) never holds up the next document or the end of the JVM.
 */
final class TimeBudget implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long budgetNanos;
  private final boolean cpuTime;
  private final ExecutorService pool;

  TimeBudget(long budgetMillis) {
    this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, budgetMillis));
    this.cpuTime = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "extraction-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** The task's budget was spent before it finished. */
  static final class Exceeded extends Exception {
    private static final long serialVersionUID = 1L;
    final long usedMillis;

    Exceeded(long usedMillis) {
      super("used " + usedMillis + " ms", null, false, false);
      this.usedMillis = usedMillis;
    }
  }

  /** Whether the budget is CPU time (else wall-clock time). */
  boolean countsCpuTime() {
    return cpuTime;
  }

  /**
   * Runs {@code task} and returns its result; throws {@link Exceeded} when its budget is spent and
   * {@link ExecutionException} with the task's own exception or error.
   */
  <T> T call(Callable<T> task) throws Exceeded, ExecutionException, InterruptedException {
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicLong cpuAtStart = new AtomicLong(-1);
    Future<T> future =
        pool.submit(
            () -> {
              if (cpuTime) {
                cpuAtStart.set(THREADS.getCurrentThreadCpuTime());
              }
              worker.set(Thread.currentThread());
              return task.call();
            });
    long wallStart = System.nanoTime();
    long pollMillis = Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(budgetNanos)));
    while (true) {
      try {
        return future.get(pollMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long used = used(worker.get(), cpuAtStart.get(), wallStart);
        if (used > budgetNanos) {
          future.cancel(true);
          throw new Exceeded(TimeUnit.NANOSECONDS.toMillis(used));
        }
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      }
    }
  }

  private long used(Thread worker, long cpuAtStart, long wallStart) {
    if (cpuTime && worker != null && cpuAtStart >= 0) {
      long now = THREADS.getThreadCpuTime(worker.getId());
      if (now >= 0) {
        return now - cpuAtStart;
      }
    }
    // Not started yet, or the thread's CPU time cannot be read: count wall-clock time.
    return worker == null && cpuTime ? 0 : System.nanoTime() - wallStart;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
