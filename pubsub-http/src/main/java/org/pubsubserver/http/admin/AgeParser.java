package org.pubsubserver.http.admin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * An age as operators write it: a number and a unit ({@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}), or
 * ISO 8601 ({@code P30D}, {@code PT12H}). Positive only.
 */
public final class AgeParser {
    private AgeParser() {
    }

    /** The age; an {@link IllegalArgumentException} with a sentence saying what is accepted. */
    public static Duration parse(String text) {
        String age = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration parsed = null;
        try {
            if (age.startsWith("p")) {
                parsed = Duration.parse(age.toUpperCase(Locale.ROOT));
            } else if (age.length() > 1 && age.substring(0, age.length() - 1).chars().allMatch(Character::isDigit)) {
                long count = Long.parseLong(age.substring(0, age.length() - 1));
                parsed = switch (age.charAt(age.length() - 1)) {
                    case 'd' -> Duration.ofDays(count);
                    case 'h' -> Duration.ofHours(count);
                    case 'm' -> Duration.ofMinutes(count);
                    case 's' -> Duration.ofSeconds(count);
                    default -> null;
                };
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not an age: write a positive number with d, h, m or s"
                    + " (90d, 12h) or an ISO 8601 duration (P90D)");
        }
        return parsed;
    }
}
