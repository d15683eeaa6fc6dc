/** The served OpenAPI document as a contract: what the scanner cannot read from the resources. */
package dev.webhooks.api.openapi;
