package org.pubsubserver.http.admin;

/** Where the operators' listener binds: {@code admin.bind} and {@code admin.port} (port 0 picks a free one). */
public record AdminSettings(String bindAddress, int port) {
}
