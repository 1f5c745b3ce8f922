package org.pubsubserver.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FakeXmppServerTest {
    @Test
    void awaitMatchReadsAnElementsTextThatArrivedInPieces() throws Exception {
        try (FakeXmppServer server = new FakeXmppServer("pubsub.localhost");
             Socket component = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            server.start(FakeXmppServer.Inbound.IGNORED);
            OutputStream out = component.getOutputStream();
            write(out, "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " to='pubsub.localhost'><handshake>digest</handshake>");
            server.awaitAuthenticated(10);
            server.startRecording();
            write(out, "<iq type='result' id='token'><command xmlns='http://jabber.org/protocol/commands'><x"
                    + " xmlns='jabber:x:data' type='result'><field var=\"token\" type=\"text-single\"><value>abc");
            write(out, "-123</value></field></x></command></iq>");

            String token = server.awaitMatch(Pattern.compile("<field[^>]*var=\"token\"[^>]*><value>([^<]+)</value>"), 10);

            assertThat(token).isEqualTo("abc-123");
        }
    }

    private static void write(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
