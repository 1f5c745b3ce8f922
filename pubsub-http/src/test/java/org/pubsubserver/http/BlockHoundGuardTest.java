package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;

/**
 * The guard behind "no JDBC on a Netty event loop": BlockHound is installed for this module's tests, so a
 * blocking call on an event loop fails the test that made it. This proves the guard is active.
 */
class BlockHoundGuardTest {
    @Test
    void blockingOnAnEventLoopIsAnError() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            var blocked = group.submit(() -> {
                Thread.sleep(1);
                return null;
            });
            ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> blocked.get(5, TimeUnit.SECONDS));
            assertThat(failure).isNotNull();
            assertThat(failure.getCause()).isInstanceOf(BlockingOperationError.class);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
