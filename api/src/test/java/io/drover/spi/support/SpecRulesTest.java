package io.drover.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.api.spec.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecRulesTest {
    @Test
    void aDnsLabelHasAtMost63LowerCaseCharactersAndNoDot() {
        assertThat(SpecRules.isDnsLabel("a".repeat(63))).isTrue();
        assertThat(SpecRules.isDnsLabel("a".repeat(64))).isFalse();
        assertThat(SpecRules.isDnsLabel("web-1")).isTrue();
        assertThat(SpecRules.isDnsLabel("Web")).isFalse();
        assertThat(SpecRules.isDnsLabel("-web")).isFalse();
        assertThat(SpecRules.isDnsLabel("web.sa")).isFalse();
        assertThat(SpecRules.isDnsLabel(null)).isFalse();
    }

    @Test
    void aDnsSubdomainIsDotSeparatedLabelsOfAtMost253Characters() {
        assertThat(SpecRules.isDnsSubdomain("web.sa")).isTrue();
        assertThat(SpecRules.isDnsSubdomain("web..sa")).isFalse();
        assertThat(SpecRules.isDnsSubdomain("web_sa")).isFalse();
        String long253 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(long253).hasSize(253);
        assertThat(SpecRules.isDnsSubdomain(long253)).isTrue();
        assertThat(SpecRules.isDnsSubdomain(long253 + "e")).isFalse();
    }

    @Test
    void aKeyProblemNamesThePrefixOrTheKindOfKey() {
        assertThat(SpecRules.keyProblem("example.com/owner", "annotation")).isNull();
        assertThat(SpecRules.keyProblem("Ex_ample/key", "annotation")).isEqualTo("has an invalid prefix 'Ex_ample' (must be a DNS subdomain)");
        assertThat(SpecRules.keyProblem("bad key", "annotation"))
                .isEqualTo("is not a valid annotation key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
        assertThat(SpecRules.isLabelKey("example.com/")).isFalse();
        assertThat(SpecRules.isLabelKey("zone")).isTrue();
    }

    @Test
    void labelsReportEveryBadKeyAndValueAndTheReservedPrefixOnlyWhenAsked() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("io.drover/pool", "a");
        labels.put("-zone", "a b");
        labels.put("tier", null);
        List<Violation> out = new ArrayList<>();
        SpecRules.labels(labels, "metadata.labels", true, out);
        assertThat(out).extracting(Violation::toString).containsExactly(
                "metadata.labels.io.drover/pool: uses the reserved prefix io.drover/ (Drover sets these labels itself)",
                "metadata.labels.-zone: is not a valid label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
                "metadata.labels.-zone: has an invalid value 'a b' (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
                "metadata.labels.tier: must have a value");
        List<Violation> unreserved = new ArrayList<>();
        SpecRules.labels(Map.of("io.drover/pool", "a"), "spec.extensions.kubernetes.nodeSelector", false, unreserved);
        assertThat(unreserved).isEmpty();
    }

    @Test
    void printableTextPassesAndTheFirstControlCharacterIsNamed() {
        List<Violation> out = new ArrayList<>();
        SpecRules.printable("tab\tand newline\n, é and 🙂", "p", out);
        SpecRules.printable(null, "p", out);
        assertThat(out).isEmpty();
        SpecRules.printable("a\u0000b\u0001", "spec.args[0]", out);
        SpecRules.printable("x\uD800", "spec.env.X", out);
        assertThat(out).containsExactly(new Violation("spec.args[0]", "must not contain control characters, found U+0000"),
                new Violation("spec.env.X", "must not contain control characters, found U+D800"));
    }
}
