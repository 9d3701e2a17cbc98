package io.drover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeTest {
    private static String region(String text, String begin, String end) {
        int from = text.indexOf(begin), to = text.indexOf(end);
        assertThat(from).as(begin).isNotNegative();
        assertThat(to).as(end).isGreaterThan(from);
        String inner = text.substring(text.indexOf('\n', from) + 1, to);
        inner = inner.substring(0, inner.lastIndexOf('\n') + 1);
        List<String> lines = inner.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    @Test
    void theReadmeShowsTheQuickStartAsCompiled() throws Exception {
        assertShowsQuickStart(Path.of("README.md"));
    }

    @Test
    void theProjectReadmeShowsTheQuickStartAsCompiled() throws Exception {
        assertShowsQuickStart(Path.of("../README.md"));
    }

    private static void assertShowsQuickStart(Path readmeFile) throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/drover/examples/QuickStart.java"));
        String readme = Files.readString(readmeFile);
        assertThat(region(readme, "// tag::quickstart[]", "// end::quickstart[]")).as(readmeFile.toString())
                .isEqualTo(region(source, "// tag::quickstart[]", "// end::quickstart[]"));
    }
}
