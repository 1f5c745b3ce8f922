package org.pubsubserver.xmpp.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofSeconds(60);

    private static List<Duration> delays(Backoff backoff, Duration floor, int count) {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.next(floor));
        }
        return delays;
    }

    @RepeatedTest(20)
    void delaysDoubleWithJitterUntilTheyReachTheMaximum(org.junit.jupiter.api.RepetitionInfo repetition) {
        Backoff backoff = new Backoff(SECOND, MINUTE, new SplittableRandom(repetition.getCurrentRepetition()));

        List<Duration> delays = delays(backoff, Duration.ZERO, 10);

        for (int i = 0; i < 6; i++) {
            Duration base = SECOND.multipliedBy(1L << i);
            assertThat(delays.get(i)).isBetween(i == 0 ? SECOND : base.multipliedBy(8).dividedBy(10),
                    base.multipliedBy(12).dividedBy(10));
            if (i > 0) {
                assertThat(delays.get(i)).isGreaterThan(delays.get(i - 1));
            }
        }
        assertThat(delays.subList(6, 10)).allSatisfy(delay -> assertThat(delay).isBetween(
                MINUTE.multipliedBy(8).dividedBy(10), MINUTE));
    }

    @Test
    void floorRaisesTheStartButNotAboveTheMaximum() {
        Backoff backoff = new Backoff(SECOND, MINUTE, new SplittableRandom(1));

        List<Duration> delays = delays(backoff, Duration.ofSeconds(5), 5);

        assertThat(delays.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofSeconds(5), MINUTE));
        assertThat(new Backoff(SECOND, Duration.ofSeconds(2), new SplittableRandom(1)).next(Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @RepeatedTest(20)
    void standbyDelaysAreTheIntervalUpToATenthSoonerAndDoNotGrow(org.junit.jupiter.api.RepetitionInfo repetition) {
        Backoff backoff = new Backoff(SECOND, MINUTE, new SplittableRandom(repetition.getCurrentRepetition()));
        Duration interval = Duration.ofSeconds(2);

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(backoff.standby(interval));
        }

        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofMillis(1800), interval));
        assertThat(delays).as("jittered").doesNotHaveDuplicates();
        assertThat(backoff.failures()).as("not failures").isZero();
    }

    @Test
    void resetStartsFromTheInitialDelayAgain() {
        Backoff backoff = new Backoff(SECOND, MINUTE, new SplittableRandom(7));
        delays(backoff, Duration.ZERO, 5);

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next(Duration.ZERO)).isBetween(SECOND, Duration.ofMillis(1200));
    }
}
