package dev.webhooks.styles.intuned;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** Where an API run or a Job run stands, with the value Intuned's API shows and the table keeps. */
public enum RunStatus {
  PENDING("pending"),
  STARTED("started"),
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELED("canceled"),
  TERMINATED("terminated");

  private final String wire;

  RunStatus(String wire) {
    this.wire = wire;
  }

  /** As the API shows it and the table stores it. */
  public String wire() {
    return wire;
  }

  public boolean isFinal() {
    return this != PENDING && this != STARTED;
  }

  static RunStatus ofWire(String wire) {
    return Arrays.stream(values())
        .filter(s -> s.wire.equals(wire))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown run status " + wire));
  }

  /** Stores the wire value, as the version before this enum did: old rows read as they are. */
  @Converter(autoApply = true)
  public static class Column implements AttributeConverter<RunStatus, String> {
    @Override
    public String convertToDatabaseColumn(RunStatus status) {
      return status == null ? null : status.wire;
    }

    @Override
    public RunStatus convertToEntityAttribute(String wire) {
      return wire == null ? null : ofWire(wire);
    }
  }
}
