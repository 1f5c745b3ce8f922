package org.pubsubserver.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pubsubserver.core.store.jdbc.JdbcStorage;
import org.pubsubserver.xmpp.link.LinkState;

/** Issue 15: ready = store reachable, link up or standing by, not shutting down; else what is wrong. */
class ReadinessTest {
    private JdbcStorage storage;
    private final AtomicReference<LinkState> link = new AtomicReference<>(LinkState.LINKED);
    private final AtomicBoolean stopping = new AtomicBoolean();

    @BeforeEach
    void openStore() {
        storage = JdbcStorage.openInMemory("readiness");
    }

    @AfterEach
    void closeStore() {
        storage.close();
    }

    @Test
    void readyWhenTheStoreAnswersAndTheLinkIsUpOrStandingBy() throws Exception {
        try (Readiness readiness = new Readiness(storage.dataSource(), link::get, stopping::get)) {
            assertThat(problems(readiness)).isEmpty();
            link.set(LinkState.STANDING_BY); // another instance holds the link: this one still serves SSE
            assertThat(problems(readiness)).isEmpty();
        }
    }

    @Test
    void notReadyWhileTheLinkIsDownOrTheServerStops() throws Exception {
        try (Readiness readiness = new Readiness(storage.dataSource(), link::get, stopping::get)) {
            link.set(LinkState.CONNECTING);
            assertThat(problems(readiness)).containsExactly(
                    "the component link to the XMPP server is not up (connecting)");
            stopping.set(true);
            assertThat(problems(readiness)).containsExactly("the server is stopping");
        }
    }

    @Test
    void notReadyWhenTheStoreCannotBeReachedAndAskedAtMostOncePerSecond() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        DataSource down = new Unreachable(asked, null);
        try (Readiness readiness = new Readiness(down, link::get, stopping::get, now::get)) {
            assertThat(problems(readiness)).containsExactly("the store cannot be reached: connection refused");
            assertThat(problems(readiness)).hasSize(1);
            assertThat(asked).hasValue(1); // a probe within the second reuses the answer
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertThat(problems(readiness)).hasSize(1);
            assertThat(asked).hasValue(2);
        }
    }

    @Test
    void aStoreThatHangsIsNotReadyAfterTheTimeoutAndIsNotAskedAgainMeanwhile() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        try (Readiness readiness = new Readiness(new Unreachable(asked, release), link::get, stopping::get, now::get)) {
            assertThat(problems(readiness)).containsExactly("the store did not answer within 3 s");
            now.addAndGet(TimeUnit.SECONDS.toNanos(5));
            assertThat(problems(readiness)).containsExactly("the store did not answer within 3 s");
            assertThat(asked).hasValue(1);
        } finally {
            release.countDown();
        }
    }

    private static List<String> problems(Readiness readiness) throws Exception {
        return readiness.problems().get(10, TimeUnit.SECONDS);
    }

    /** A store whose connections are refused, or hang until {@code hang} is counted down. */
    private record Unreachable(AtomicInteger asked, CountDownLatch hang) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            asked.incrementAndGet();
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new SQLException("connection refused");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
