package org.pubsubserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of this module import each other one way only: {@code http} (the server, the pipeline, the route
 * table) uses {@code sse} and {@code web} (the routes), which use {@code routing} (the router and its steps), which
 * uses {@code connection}, which uses {@code response} (plain answers, JSON). Read from the sources' imports.
 */
class PackageArrowsTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.pubsubserver\\.http[\\w.]*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    /** Each package of the module and the other packages of the module it imports. */
    private static Map<String, Set<String>> arrows() throws IOException {
        Map<String, Set<String>> arrows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("org/pubsubserver/http"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher declared = PACKAGE.matcher(text);
                assertThat(declared.find()).as(file.toString()).isTrue();
                String from = declared.group(1);
                Set<String> to = arrows.computeIfAbsent(from, p -> new TreeSet<>());
                for (Matcher imported = IMPORT.matcher(text); imported.find(); ) {
                    String target = imported.group(1).replaceAll("\\.[A-Z].*$", "");
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        return arrows;
    }

    @Test
    void noPackageOfTheModuleReachesItselfThroughItsImports() throws IOException {
        Map<String, Set<String>> arrows = arrows();
        for (String start : arrows.keySet()) {
            Set<String> reached = new HashSet<>();
            Set<String> next = new HashSet<>(arrows.get(start));
            while (!next.isEmpty()) {
                Set<String> more = new HashSet<>();
                for (String p : next) {
                    if (reached.add(p)) {
                        more.addAll(arrows.getOrDefault(p, Set.of()));
                    }
                }
                next = more;
            }
            assertThat(reached).as("%s reaches itself: %s", start, arrows).doesNotContain(start);
        }
    }

    @Test
    void theLayersAreTheServerTheRoutesTheRouterTheConnectionAndThePlainAnswers() throws IOException {
        String base = "org.pubsubserver.http";
        assertThat(arrows()).containsEntry(base + ".response", Set.of())
                .containsEntry(base + ".connection", Set.of(base + ".response"))
                .containsEntry(base + ".web", Set.of(base + ".response", base + ".routing"))
                .hasEntrySatisfying(base + ".routing", to -> assertThat(to)
                        .isSubsetOf(base + ".connection", base + ".response"))
                .hasEntrySatisfying(base + ".sse", to -> assertThat(to)
                        .isSubsetOf(base + ".connection", base + ".response", base + ".routing"));
    }
}
