package org.pubsubserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code http.max-connections = auto}: the open-files limit less what the rest of the process needs. */
class ConnectionBudgetTest {
    @Test
    void aTenthOfTheOpenFilesLimitAndAtLeast128FilesAreKeptForTheRest() {
        assertThat(ConnectionBudget.fromOpenFilesLimit(1024)).isEqualTo(1024 - 128);
        assertThat(ConnectionBudget.fromOpenFilesLimit(65_536)).isEqualTo(65_536 - 6_553);
        assertThat(ConnectionBudget.fromOpenFilesLimit(1_048_576)).isEqualTo(1_048_576 - 104_857);
        assertThat(ConnectionBudget.fromOpenFilesLimit(100)).isEqualTo(1);
        assertThat(ConnectionBudget.fromOpenFilesLimit(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
