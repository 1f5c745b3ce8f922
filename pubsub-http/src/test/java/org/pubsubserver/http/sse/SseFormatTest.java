package org.pubsubserver.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** WHATWG HTML §9.2.6 (event stream interpretation): what a browser's parser needs to see. */
class SseFormatTest {

    @Test
    void singleLineDataEventEndsWithABlankLine() {
        assertThat(SseFormat.event("7", null, "<p xmlns='x'/>")).isEqualTo("id: 7\ndata: <p xmlns='x'/>\n\n");
    }

    @Test
    void everyCrLfAndCrlfStartsANewDataLine() {
        assertThat(SseFormat.event(null, null, "a\nb\rc\r\nd")).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void trailingAndDoubledLineBreaksKeepEmptyDataLines() {
        assertThat(SseFormat.event(null, null, "a\n\n")).isEqualTo("data: a\ndata: \ndata: \n\n");
    }

    @Test
    void emptyDataStillHasADataLineSoTheEventIsDispatched() {
        assertThat(SseFormat.event("1", null, "")).isEqualTo("id: 1\ndata: \n\n");
    }

    @Test
    void idAndEventNeverContainLineBreaks() {
        assertThat(SseFormat.event("1\n2", "del\rete", "x")).isEqualTo("event: delete\nid: 12\ndata: x\n\n");
    }

    @Test
    void commentAndRetry() {
        assertThat(SseFormat.comment("hi\nthere")).isEqualTo(": hithere\n\n");
        assertThat(SseFormat.retry(3000)).isEqualTo("retry: 3000\n\n");
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(org.pubsubserver.http.response.Json.string("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
