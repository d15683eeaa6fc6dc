package dev.webhooks.styles.intuned;

import dev.webhooks.shared.ApiFailure;
import dev.webhooks.shared.Failures;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Job schedules as persistent EJB interval timers (one per interval, info {@code
 * intuned-job:<id>}): they survive restarts; a paused job's timer fires and does nothing; deleting
 * a job cancels its timers.
 */
@Stateless
public class JobSchedules {
  private static final Logger LOG = Logger.getLogger(JobSchedules.class.getName());
  static final String PREFIX = "intuned-job:";

  @Resource TimerService timers;
  @PersistenceContext EntityManager em;
  @Inject IntunedRuns runs;

  public void schedule(Job job) {
    for (Duration every : job.definition().intervals()) {
      timers.createIntervalTimer(
          every.toMillis(), every.toMillis(), new TimerConfig(PREFIX + job.id(), true));
    }
  }

  public void cancel(Job job) {
    for (Timer t : timers.getTimers()) {
      if ((PREFIX + job.id()).equals(t.getInfo())) {
        t.cancel();
      }
    }
  }

  /**
   * Starts a scheduled Job run. Whatever fails stays with this job's run: the timer keeps firing,
   * and the failure is logged with the job's key.
   */
  @Timeout
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public void fire(Timer timer) {
    try {
      Long jobId = Long.valueOf(String.valueOf(timer.getInfo()).substring(PREFIX.length()));
      Job job = em.find(Job.class, jobId);
      if (job == null) {
        timer.cancel();
        return;
      }
      if (job.paused()) {
        return;
      }
      try {
        runs.startJobRun(jobId); // its own transaction: the run and its first deliveries
      } catch (ApiFailure e) {
        LOG.info("scheduled run of job " + job.jobKey() + " skipped: " + e.getMessage());
      }
    } catch (Throwable t) {
      LOG.log(
          Level.WARNING,
          "scheduled job run " + timer.getInfo() + " failed: " + Failures.describe(t),
          t);
    }
  }
}
