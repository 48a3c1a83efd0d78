/**
 * What users of Switchboard call: {@link dev.switchboard.api.Hub}, {@link dev.switchboard.api.Port},
 * {@link dev.switchboard.api.Message} and the events a hub reports. Depends on the JDK only.
 */
package dev.switchboard.api;
