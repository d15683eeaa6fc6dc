package dev.webhooks.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This server's place in the cluster, as the last heartbeat found it: its incarnation (the id every
 * claim records) and how many members are alive. With embedded Derby there is one member.
 *
 * <p>Per-endpoint limits (requests in flight, requests per second) hold across the cluster because
 * each member takes its share: the limit divided by the live members, rounded up. The overshoot
 * that remains: up to one request per member beyond the limit (the rounding), and while a member
 * has just joined and the others have not seen its heartbeat yet (a few seconds), each keeps its
 * larger share. When a member dies the others keep their smaller shares until its lease ends: the
 * limit is undershot, not overshot.
 */
@ApplicationScoped
public class Membership {
  private volatile long incarnation;
  private volatile int liveMembers = 1;

  /** The incarnation of this server that claims now (0 before it has registered). */
  public long incarnation() {
    return incarnation;
  }

  /** Members alive at the last heartbeat, this one included (at least 1). */
  public int liveMembers() {
    return liveMembers;
  }

  /** This member's share of a cluster-wide limit. */
  public int share(int limit) {
    return share(limit, liveMembers);
  }

  /** {@code limit} divided among {@code members}, rounded up: never 0 for a positive limit. */
  public static int share(int limit, int members) {
    if (limit <= 0 || members <= 1) {
      return limit;
    }
    return (limit + members - 1) / members;
  }

  public void registered(long incarnation) {
    this.incarnation = incarnation;
  }

  public void seen(int liveMembers) {
    this.liveMembers = Math.max(1, liveMembers);
  }
}
