package org.pubsubserver.http.publish;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The publishes over HTTP by the status they were answered with, for the operators' metrics: a webhook whose
 * signature stopped matching shows as 401s, a full node as 409s. Striped counters, one add per request.
 */
public final class PublishCounts {
    /** Every status the publish route answers with. */
    public static final List<Integer> STATUSES = List.of(202, 400, 401, 403, 404, 409, 413, 415, 500, 503);

    private final Map<Integer, LongAdder> byStatus = STATUSES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), status -> new LongAdder()));

    void answered(HttpResponseStatus status) {
        LongAdder count = byStatus.get(status.code());
        if (count != null) {
            count.increment();
        }
    }

    /** The requests answered with {@code status} so far. */
    public long count(int status) {
        LongAdder count = byStatus.get(status);
        return count == null ? 0 : count.sum();
    }
}
