package dev.webhooks.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One incarnation of one server (one start of it). Its id goes with every claim it makes; its
 * heartbeat, renewed from the database's clock, says it is alive.
 */
@Entity
@Table(name = "WH_MEMBER")
public class Member {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "memberSeq")
  @SequenceGenerator(name = "memberSeq", sequenceName = "WH_MEMBER_SEQ", allocationSize = 1)
  private Long id;

  @Column(name = "SERVER_ID", nullable = false, length = 200)
  private String serverId;

  @Column(name = "STARTED_AT", nullable = false)
  private Instant startedAt;

  @Column(name = "HEARTBEAT_MS", nullable = false)
  private long heartbeatMs;

  @Column(name = "TAKEN_OVER", nullable = false)
  private boolean takenOver;

  protected Member() {}

  public Member(String serverId, Instant startedAt, long heartbeatMs) {
    this.serverId = serverId;
    this.startedAt = startedAt;
    this.heartbeatMs = heartbeatMs;
  }

  public Long id() {
    return id;
  }

  public String serverId() {
    return serverId;
  }
}
