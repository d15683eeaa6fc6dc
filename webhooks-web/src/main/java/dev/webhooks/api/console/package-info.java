/**
 * The browser console's headers: its static pages (webapp/console) are served with a strict
 * Content-Security-Policy and never cached with an API key in them (the key lives in the browser's
 * session storage and travels only as a Bearer header).
 */
package dev.webhooks.api.console;
