package org.pubsubserver.server.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the retry delays the component link announces ("...; retrying in 4.2 s" or "in 200 ms"). */
final class LogLines {
    private static final Pattern RETRY = Pattern.compile("retrying in (\\d+(?:\\.\\d+)?) (ms|s)");

    private LogLines() {
    }

    static List<Double> retryDelaysInSeconds(String log, String lineMarker) {
        List<Double> delays = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.contains(lineMarker)) {
                continue;
            }
            Matcher m = RETRY.matcher(line);
            if (m.find()) {
                double value = Double.parseDouble(m.group(1));
                delays.add(m.group(2).equals("ms") ? value / 1000 : value);
            }
        }
        return delays;
    }
}
