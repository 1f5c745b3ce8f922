package org.pubsubserver.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SSE resume: whether the items stored after a stream's last id bring it up to date. */
class StreamPositionTest {

    @Test
    void aStreamIsReplayedOnlyIfNothingAfterItsIdWasRemovedToldOrUntold() {
        StreamPosition position = new StreamPosition(10, 6, 8); // told removal at 6, item 8 removed untold
        assertThat(position.replayableAfter(8)).as("it saw item 8: not told, as live streams").isTrue();
        assertThat(position.replayableAfter(10)).isTrue();
        assertThat(position.replayableAfter(7)).as("it never saw item 8").isFalse();
        assertThat(position.replayableAfter(5)).as("it missed the told removal at 6").isFalse();
        assertThat(new StreamPosition(10, 9, 8).replayableAfter(8)).as("a told removal at 9").isFalse();
        assertThat(position.replayableAfter(11)).as("an id from the future").isFalse();
    }
}
