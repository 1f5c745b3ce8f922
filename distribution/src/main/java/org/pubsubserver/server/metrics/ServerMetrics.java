package org.pubsubserver.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.pubsubserver.core.engine.Lanes;
import org.pubsubserver.core.engine.PublishOutcomes;
import org.pubsubserver.core.error.StanzaCondition;
import org.pubsubserver.core.event.EventBus;
import org.pubsubserver.core.store.GroupCommit;
import org.pubsubserver.http.publish.PublishCounts;
import org.pubsubserver.http.sse.SseCounts;
import org.pubsubserver.http.sse.StreamEnd;
import org.pubsubserver.xmpp.dispatch.IqErrorCounts;
import org.pubsubserver.xmpp.link.ComponentLink;
import org.pubsubserver.xmpp.link.LinkState;
import org.pubsubserver.xmpp.notify.EventNotifier;

/**
 * The server's metrics, in one Prometheus registry that {@code GET /metrics} on the admin listener writes out. The
 * parts count for themselves, with striped counters and no knowledge of any metrics library ({@link PublishOutcomes},
 * {@link SseCounts}, {@link IqErrorCounts}, ...); this class only registers functions that read those counts when
 * Prometheus scrapes, so the hot paths pay an add to a striped counter and nothing more. The group commit is
 * measured where it happens ({@link #groupCommit}), once per group. The JVM's and the connection pool's meters come
 * from Micrometer's and HikariCP's own binders.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RetractedItems retracted = new RetractedItems();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The metrics in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code store}'s group commit, measured (size and commit time). */
    public GroupCommit groupCommit(GroupCommit store) {
        return new MeteredGroupCommit(store, registry);
    }

    /** The connection pool's meters (HikariCP's {@code hikaricp_connections_*}), where the pool is HikariCP's. */
    public void pool(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
    }

    /** The lanes' queue depths, one gauge per lane. */
    public void lanes(Lanes lanes) {
        for (int i = 0; i < lanes.count(); i++) {
            int lane = i;
            Gauge.builder("pubsub.lane.queue.depth", lanes, l -> l.queued(lane))
                    .description("Requests waiting on the lane").tag("lane", Integer.toString(lane))
                    .register(registry);
        }
    }

    /** Publish requests by outcome, and the items deleted one by one (counted from {@code events}). */
    public void engine(PublishOutcomes publishes, EventBus events) {
        String description = "Publish requests by outcome: published, failed (a fault), or the condition refused with";
        counter("pubsub.publishes", description, "outcome", "published", publishes, PublishOutcomes::published);
        counter("pubsub.publishes", description, "outcome", "failed", publishes, PublishOutcomes::failed);
        Set<String> conditions = new LinkedHashSet<>();
        for (StanzaCondition condition : StanzaCondition.values()) {
            conditions.add(condition.elementName());
        }
        for (String condition : conditions) {
            counter("pubsub.publishes", description, "outcome", condition, publishes, p -> refused(p, condition));
        }
        events.register(retracted);
        FunctionCounter.builder("pubsub.items.retracted", retracted, RetractedItems::count)
                .description("Items deleted one by one: retracted, pushed out by max_items, or gone with their publisher")
                .register(registry);
    }

    private static double refused(PublishOutcomes publishes, String condition) {
        long sum = 0;
        for (StanzaCondition c : StanzaCondition.values()) {
            if (c.elementName().equals(condition)) {
                sum += publishes.refused(c);
            }
        }
        return sum;
    }

    /** The component link: up, standing by, reconnections. */
    public void link(ComponentLink link) {
        Gauge.builder("pubsub.link.up", link, l -> l.state() == LinkState.LINKED ? 1 : 0)
                .description("1 while the component link to the XMPP server is up").register(registry);
        Gauge.builder("pubsub.link.standby", link, l -> l.state() == LinkState.STANDING_BY ? 1 : 0)
                .description("1 while another instance holds the link and this one stands by").register(registry);
        FunctionCounter.builder("pubsub.link.reconnects", link, ComponentLink::reconnects)
                .description("Attempts to link again after the link or an attempt ended").register(registry);
    }

    /** What the XMPP side sent: notifications, and IQ errors by condition. */
    public void xmpp(EventNotifier notifier, IqErrorCounts iqErrors) {
        FunctionCounter.builder("pubsub.notifications.sent", notifier, EventNotifier::sent)
                .description("Notification messages sent to XMPP subscribers").register(registry);
        for (String condition : iqErrors.conditions()) {
            counter("pubsub.iq.errors", "IQ errors answered, by condition", "condition", condition, iqErrors,
                    counts -> counts.count(condition));
        }
    }

    /** The SSE streams: open now, ended by reason, events sent. */
    public void sse(SseCounts counts) {
        Gauge.builder("pubsub.sse.streams", counts, SseCounts::open).description("SSE streams open now")
                .register(registry);
        for (StreamEnd reason : StreamEnd.values()) {
            counter("pubsub.sse.streams.closed", "SSE streams ended, by reason", "reason", reason.label(), counts,
                    c -> c.ended(reason));
        }
        FunctionCounter.builder("pubsub.sse.events", counts, SseCounts::events)
                .description("Events broadcast to SSE streams (once per stream)").register(registry);
    }

    /** The publishes over HTTP, by the status they were answered with. */
    public void httpPublishes(PublishCounts counts) {
        for (int status : PublishCounts.STATUSES) {
            counter("pubsub.http.publishes", "Publish requests over HTTP, by answer status", "status",
                    Integer.toString(status), counts, c -> c.count(status));
        }
    }

    private <T> void counter(String name, String description, String tag, String value, T counts,
                             java.util.function.ToDoubleFunction<T> read) {
        FunctionCounter.builder(name, counts, read).description(description).tag(tag, value).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
