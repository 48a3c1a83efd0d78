/**
 * What the server shows about itself: the Prometheus metrics, the readiness facts and the status
 * report, all fed from each hub's {@link dev.switchboard.api.HubEvent}s and
 * {@link dev.switchboard.api.HubStats} through {@code api}.
 */
package dev.switchboard.server.observe;
