/**
 * Serves the browser client: the tab library {@code switchboard.js}, its shared worker
 * {@code switchboard-worker.js}, the modules beside them that both import, and the demo page,
 * all read from the class path. See
 * {@code docs/browser.md}.
 */
package dev.switchboard.server.client;
