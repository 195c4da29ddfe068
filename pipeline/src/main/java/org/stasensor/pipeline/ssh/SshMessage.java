package org.stasensor.pipeline.ssh;

/**
 * SSH message numbers used by this package (RFC 4250 4.1.2; EXT_INFO from RFC 8308 2.3).
 */
public final class SshMessage
{
    /** SSH_MSG_DISCONNECT (RFC 4253 11.1). */
    public static final int DISCONNECT = 1;
    /** SSH_MSG_IGNORE (RFC 4253 11.2). */
    public static final int IGNORE = 2;
    /** SSH_MSG_UNIMPLEMENTED (RFC 4253 11.4). */
    public static final int UNIMPLEMENTED = 3;
    /** SSH_MSG_DEBUG (RFC 4253 11.3). */
    public static final int DEBUG = 4;
    /** SSH_MSG_SERVICE_REQUEST (RFC 4253 10). */
    public static final int SERVICE_REQUEST = 5;
    /** SSH_MSG_SERVICE_ACCEPT (RFC 4253 10). */
    public static final int SERVICE_ACCEPT = 6;
    /** SSH_MSG_EXT_INFO (RFC 8308 2.3). */
    public static final int EXT_INFO = 7;
    /** SSH_MSG_KEXINIT (RFC 4253 7.1). */
    public static final int KEXINIT = 20;
    /** SSH_MSG_NEWKEYS (RFC 4253 7.3): every later packet of that direction is encrypted. */
    public static final int NEWKEYS = 21;
    /** SSH_MSG_USERAUTH_REQUEST (RFC 4252 5). */
    public static final int USERAUTH_REQUEST = 50;
    /** SSH_MSG_USERAUTH_FAILURE (RFC 4252 5.1). */
    public static final int USERAUTH_FAILURE = 51;
    /** SSH_MSG_USERAUTH_SUCCESS (RFC 4252 5.1). */
    public static final int USERAUTH_SUCCESS = 52;
    /** SSH_MSG_USERAUTH_BANNER (RFC 4252 5.4). */
    public static final int USERAUTH_BANNER = 53;

    private SshMessage()
    {
    }
}
