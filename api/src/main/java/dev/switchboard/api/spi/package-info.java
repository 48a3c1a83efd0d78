/**
 * The transport SPI: what a plugin author implements to give hubs a new kind of upstream.
 * Start with {@link dev.switchboard.api.spi.TransportProvider}; the lifecycle rules every
 * transport follows are written on {@link dev.switchboard.api.spi.UpstreamListener}.
 */
package dev.switchboard.api.spi;
