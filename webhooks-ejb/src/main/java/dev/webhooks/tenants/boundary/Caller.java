package dev.webhooks.tenants.boundary;

/** Who is calling: the tenant an API key belongs to, and whether it is the bootstrap key. */
public record Caller(Long tenantId, String tenantPublicId, boolean bootstrap, String keyId) {}
