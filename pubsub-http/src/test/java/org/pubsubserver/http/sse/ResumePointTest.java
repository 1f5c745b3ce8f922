package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.usecase.OpenStream;

/** The {@code ?last=N} count of newest items a first connect asks for. */
class ResumePointTest {
    private static int last(String value) {
        return ResumePoint.lastItems(Map.of(ResumePoint.LAST_ITEMS_PARAMETER, List.of(value)));
    }

    @Test
    void aCountUpToTheReplayLimitIsTakenAsItIs() {
        assertThat(ResumePoint.lastItems(Map.of())).isZero();
        assertThat(last("0")).isZero();
        assertThat(last("7")).isEqualTo(7);
        assertThat(last("+7")).isEqualTo(7);
        assertThat(last("007")).isEqualTo(7);
    }

    @Test
    void anyCountPastTheReplayLimitIsCutToItHoweverLarge() {
        assertThat(last("100000")).isEqualTo(OpenStream.MAX_REPLAY);
        assertThat(last("2147483647")).isEqualTo(OpenStream.MAX_REPLAY);
        assertThat(last("2147483648")).as("past an int").isEqualTo(OpenStream.MAX_REPLAY);
        assertThat(last("9".repeat(40))).as("past a long").isEqualTo(OpenStream.MAX_REPLAY);
        assertThat(last("0000000000000000000012")).isEqualTo(12);
    }

    @Test
    void aValueThatIsNotACountIsRefused() {
        for (String value : List.of("-1", "-2147483649", "many", "", "+", "1.5", "1e3", " 5", "0x10", "١٢")) {
            assertThatThrownBy(() -> last(value)).as(value).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
