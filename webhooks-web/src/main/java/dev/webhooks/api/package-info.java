/**
 * The REST boundary: thin JAX-RS resources over the engine's beans, one package per API style, plus
 * the shared security filter and problem-details mappers.
 */
package dev.webhooks.api;
