package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.model.Item;
import org.pubsubserver.core.model.Node;
import org.pubsubserver.core.model.NodeConfig;
import org.pubsubserver.core.usecase.OpenStream;
import org.xmpp.packet.JID;

/** How far a stream's opening read its node's sequence, and which events it therefore had. */
class ReplayMarkTest {
    private static final JID OWNER = new JID("owner@localhost");
    private static final Node NODE = new Node(1, "n", OWNER, Instant.EPOCH, NodeConfig.defaults());

    private static Item item(long sequence) {
        return new Item(1, sequence, "i" + sequence, OWNER, Instant.EPOCH, "<e xmlns='urn:t'/>");
    }

    @Test
    void theMarkIsTheNodesPositionOrTheNewestReplayedItemIfTheReplayReadFurther() {
        assertThat(ReplayMark.of(new OpenStream.Start(NODE, List.of(), false, 5))).isEqualTo(5);
        assertThat(ReplayMark.of(new OpenStream.Start(NODE, List.of(), true, 5))).isEqualTo(5);
        assertThat(ReplayMark.of(new OpenStream.Start(NODE, List.of(item(3), item(4)), false, 5))).isEqualTo(5);
        // read one statement after the other, on a store where each sees the latest commits
        assertThat(ReplayMark.of(new OpenStream.Start(NODE, List.of(item(6), item(7)), false, 5))).isEqualTo(7);
    }

    @Test
    void aStreamHadTheEventsAtOrBelowItsMarkAndNoneWithoutAPlace() {
        EmbeddedChannel unmarked = new EmbeddedChannel();
        EmbeddedChannel marked = new EmbeddedChannel();
        ReplayMark.set(marked, 5);
        assertThat(ReplayMark.had(marked, 5)).isTrue();
        assertThat(ReplayMark.had(marked, 1)).isTrue();
        assertThat(ReplayMark.had(marked, 6)).isFalse();
        assertThat(ReplayMark.had(marked, SseMessage.NO_POSITION)).as("no place").isFalse();
        assertThat(ReplayMark.had(marked, 0)).as("an untold removal's").isFalse();
        assertThat(ReplayMark.had(unmarked, 1)).isFalse();
        assertThat(ReplayMark.had(5, 5)).isTrue();
        assertThat(ReplayMark.had(5, 6)).isFalse();
        assertThat(ReplayMark.had(5, SseMessage.NO_POSITION)).isFalse();
        unmarked.finishAndReleaseAll();
        marked.finishAndReleaseAll();
    }
}
