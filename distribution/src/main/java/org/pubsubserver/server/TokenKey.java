package org.pubsubserver.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The key that signs the web-stream tokens: 32 random bytes kept in the data folder
 * ({@code sse-token.key}, readable by the server's user only), made at the first start, so tokens stay
 * valid across restarts. Deleting the file invalidates every token at the next start. Instances sharing a
 * PostgreSQL store use the key stored there under {@value #NAME} instead: the first instance to start stores its
 * own file's key, so its tokens stay valid, and every instance signs alike.
 */
final class TokenKey {
    static final String FILE = "sse-token.key";
    /** The key's name among the keys a shared store keeps for all instances. */
    static final String NAME = "sse-token";

    private TokenKey() {
    }

    static byte[] loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length >= 32) {
                return key;
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temporary = Files.createTempFile(dataDir, FILE, ".new");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
        Files.write(temporary, key);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return key;
    }
}
