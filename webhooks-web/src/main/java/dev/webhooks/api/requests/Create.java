package dev.webhooks.api.requests;

import jakarta.validation.groups.Default;

/**
 * The validation group of a create (or replace) request: constraints in this group (a required
 * field) apply there and not to a partial update, which validates only the {@link Default} group.
 * Use {@code @Valid @ConvertGroup(to = Create.class)} on the resource parameter.
 */
public interface Create extends Default {}
