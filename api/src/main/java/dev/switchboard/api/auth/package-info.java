/**
 * Handshake authentication: an {@link dev.switchboard.api.auth.Authenticator} sees what a client
 * sent when it asked to attach ({@link dev.switchboard.api.auth.HandshakeRequest}) and answers with
 * an {@link dev.switchboard.api.auth.AuthDecision}, before any WebSocket upgrade or SSE stream
 * starts. Depends on the JDK only.
 */
package dev.switchboard.api.auth;
