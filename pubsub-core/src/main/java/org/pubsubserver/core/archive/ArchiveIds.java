package org.pubsubserver.core.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids of a node's archived items (XEP-0313 §2: "a server-assigned UID that MUST be unpredictable and unique
 * within the archive", never reused, §3.2). An item's place in its node's sequence is unique and never reused (a node
 * created again under a deleted one's name goes on from its last place), but predictable: the id is that place and a
 * tag of the node's name, 16 bytes enciphered with AES under a key of the service, as 22 characters of base64url.
 * Reading an id back needs no lookup; one of another node, or made up, does not read back.
 *
 * <p>The key is derived from the service's key (the one that signs the stream tokens), so the ids stay the same across
 * restarts and on every instance that shares the store; a new service key gives new ids (clients then page from
 * scratch). Thread-safe.
 */
public final class ArchiveIds {
    private static final String LABEL = "urn:pubsubserver:archive-ids";
    private final SecretKeySpec key;

    public ArchiveIds(byte[] serviceKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serviceKey.length == 0 ? new byte[1] : serviceKey, "HmacSHA256"));
            byte[] derived = mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(Arrays.copyOf(derived, 16), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256 in this JVM", e);
        }
    }

    /** The id of the item at {@code place} of node {@code node}. */
    public String idOf(String node, long place) {
        byte[] block = ByteBuffer.allocate(16).putLong(place).putLong(tag(node)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(apply(Cipher.ENCRYPT_MODE, block));
    }

    /** The place an id of node {@code node} stands for; empty when it is no id of that node's. */
    public OptionalLong placeOf(String node, String id) {
        if (id == null || id.length() != 22) {
            return OptionalLong.empty();
        }
        byte[] block;
        try {
            block = Base64.getUrlDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (block.length != 16) {
            return OptionalLong.empty();
        }
        ByteBuffer plain = ByteBuffer.wrap(apply(Cipher.DECRYPT_MODE, block));
        long place = plain.getLong();
        return plain.getLong() == tag(node) && place > 0 ? OptionalLong.of(place) : OptionalLong.empty();
    }

    private byte[] apply(int mode, byte[] block) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding"); // one block: a keyed permutation of it
            cipher.init(mode, key);
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES in this JVM", e);
        }
    }

    private static long tag(String node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(node.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
