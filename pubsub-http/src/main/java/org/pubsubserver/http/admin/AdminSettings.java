package org.pubsubserver.http.admin;

/**
 * Where the operators' listener binds: {@code admin.bind} and {@code admin.port} (port 0 picks a free one); and
 * {@code admin.token}, which requests other than the health checks must bear (empty: none asked).
 */
public record AdminSettings(String bindAddress, int port, String token) {
    public AdminSettings {
        token = token == null ? "" : token;
    }

    /** Whether it listens on loopback only. */
    public boolean loopbackOnly() {
        return bindAddress.equals("localhost") || bindAddress.startsWith("127.") || bindAddress.equals("::1");
    }
}
