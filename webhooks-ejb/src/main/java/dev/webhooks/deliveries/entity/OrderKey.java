package dev.webhooks.deliveries.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One FIFO sequence: the deliveries of one ordering key at one subscription. Created on first use;
 * read and changed only by {@code Sequences}, under the row's lock.
 */
@Entity
@Table(name = "WH_ORDER_KEY")
public class OrderKey {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "orderKeySeq")
  @SequenceGenerator(name = "orderKeySeq", sequenceName = "WH_ORDER_KEY_SEQ", allocationSize = 50)
  private Long id;

  @Column(name = "ENDPOINT_ID", nullable = false)
  private Long endpointId;

  @Column(name = "ORDERING_KEY", nullable = false, length = 256)
  private String orderingKey;

  @Column(name = "NEXT_SEQ", nullable = false)
  private long nextSeq;

  @Column(name = "HEAD_ID")
  private Long headId;

  @Column(name = "USED_AT", nullable = false)
  private Instant usedAt;

  protected OrderKey() {}

  public OrderKey(Long endpointId, String orderingKey, Instant now) {
    this.endpointId = endpointId;
    this.orderingKey = orderingKey;
    this.nextSeq = 1;
    this.usedAt = now;
  }

  public Long id() {
    return id;
  }
}
