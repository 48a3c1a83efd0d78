/**
 * How a hub is configured: {@link dev.switchboard.api.config.HubSettings}, one validated value
 * holding every option with its documented default, and
 * {@link dev.switchboard.api.config.HubSettingKey}, the table of option names (the same
 * kebab-case names on the command line and in a configuration file) that reads each option
 * from text. The builder of an embedded hub, the packaged server's command line and its
 * documentation all take their defaults from here. Depends on the JDK only.
 */
package dev.switchboard.api.config;
