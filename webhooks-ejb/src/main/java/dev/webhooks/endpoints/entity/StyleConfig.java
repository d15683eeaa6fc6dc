package dev.webhooks.endpoints.entity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.webhooks.shared.JsonText;
import jakarta.json.JsonObject;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * A style's configuration of an endpoint, as a JSON object; stored as its text. Parsed once per
 * distinct text (endpoints are loaded on every ingest and claim, and most share a few
 * configurations; parsed JSON-P values are immutable), in a cache bounded in size.
 */
@Converter
public class StyleConfig implements AttributeConverter<JsonObject, String> {
  private static final Cache<String, JsonObject> PARSED =
      Caffeine.newBuilder().maximumSize(10_000).build();

  /** The configuration stored as {@code text}: an empty object for none. */
  public static JsonObject of(String text) {
    return text == null ? JsonText.parseObject(null) : PARSED.get(text, JsonText::parseObject);
  }

  @Override
  public String convertToDatabaseColumn(JsonObject config) {
    return config == null || config.isEmpty() ? null : config.toString();
  }

  @Override
  public JsonObject convertToEntityAttribute(String text) {
    return of(text);
  }
}
