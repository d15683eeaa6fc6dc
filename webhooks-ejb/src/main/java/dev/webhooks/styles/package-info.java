/**
 * The extension point through which each API style (native, Portant, Apono, Truto, Intuned) shapes
 * its deliveries: routing rule, body, signature and authentication headers, response checks and
 * what happens when a delivery ends. The engine owns everything else: persistence, queueing,
 * sending, retries and the attempt log.
 */
package dev.webhooks.styles;
