/**
 * Helpers for transport authors: {@link dev.switchboard.api.spi.support.CallbackGate} keeps
 * the {@link dev.switchboard.api.spi.UpstreamListener} lifecycle rules for a connection, so a
 * transport only reports what happened. Optional: a transport may keep the rules its own way,
 * and the transport compatibility kit checks them either way.
 */
package dev.switchboard.api.spi.support;
