/**
 * Who may attach, and how much each client may do: allowed origins, handshake authentication
 * (static bearer token, JWT), port limits per hub and per client address, send rates, the SSE
 * per-port secret, and TLS for the listener ({@code docs/security.md}).
 */
package dev.switchboard.server.security;
