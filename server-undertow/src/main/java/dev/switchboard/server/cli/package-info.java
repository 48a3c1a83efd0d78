/**
 * The command line of the packaged server, {@code java -jar switchboard-server.jar}: options to
 * configuration, the one-line error messages for bad input, and the exit codes.
 */
package dev.switchboard.server.cli;
