package dev.switchboard.api;

/**
 * The close codes (RFC 6455 section 7.4) that Switchboard speaks: the ones the front end
 * closes a client with, and the ones a transport reports through
 * {@link dev.switchboard.api.spi.UpstreamListener#onClosed}. Protocols without close codes of
 * their own report an orderly end as {@link #NORMAL}; an upstream asking not to be
 * reconnected is {@link dev.switchboard.api.spi.UpstreamListener#STOP}.
 */
public final class CloseCodes {

    /** The conversation is over: an orderly end. */
    public static final int NORMAL = 1000;
    /** The server is going away, or the client stopped answering its heartbeat. */
    public static final int GOING_AWAY = 1001;
    /** The connection ended without a close frame; reported by a side, never sent. */
    public static final int ABNORMAL = 1006;
    /** The client broke a rule: it read too slowly, or was refused by a policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message was larger than the receiver accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The server failed. */
    public static final int INTERNAL_ERROR = 1011;
    /** The server cannot take the client now; it may retry later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {
    }
}
