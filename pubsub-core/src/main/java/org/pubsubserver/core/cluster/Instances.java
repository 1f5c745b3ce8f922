package org.pubsubserver.core.cluster;

/**
 * What the engine needs to know of the other instances serving the same domain from the same store: how events
 * reach them ({@code transport}, null when this instance is alone) and how work done once for all is claimed.
 */
public record Instances(EventTransport transport, WorkClaims claims) {
    /** This instance alone on its store (H2). */
    public static final Instances ALONE = new Instances(null, WorkClaims.ALONE);

    public Instances {
        if (claims == null) {
            throw new IllegalArgumentException("claims must not be null");
        }
    }
}
