package io.drover.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The $(VAR) rules of Kubernetes' Container.command and args, case by case. */
class VariableExpansionTest {
    static final Map<String, String> ENV = env();

    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "8080");
        env.put("HOST", "127.0.0.1");
        env.put("EMPTY", "");
        env.put("NESTED", "$(PORT)");
        env.put("DOLLARS", "a$$b");
        env.put("a b", "spaced");
        return env;
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // a defined reference is replaced, anywhere in the text and as often as it appears
        "$(PORT)|8080",
        "--port=$(PORT)|--port=8080",
        "$(HOST):$(PORT)|127.0.0.1:8080",
        "$(PORT)$(PORT)|80808080",
        "http://$(HOST):$(PORT)/health|http://127.0.0.1:8080/health",
        // a defined empty value is replaced by nothing
        "x$(EMPTY)y|xy",
        // an undefined reference stays as written
        "$(NOPE)|$(NOPE)",
        "a$(NOPE)b$(PORT)|a$(NOPE)b8080",
        // $$ is one literal $: an escaped reference is never expanded, defined or not
        "$$(PORT)|$(PORT)",
        "$$(NOPE)|$(NOPE)",
        "$$$(PORT)|$8080",
        "$$$$(PORT)|$$(PORT)",
        "$$|$",
        "cost: $$5|cost: $5",
        // any other $ is kept as is
        "$PORT|$PORT",
        "${PORT}|${PORT}",
        "a$|a$",
        "$|$",
        "$x$(PORT)|$x8080",
        // an unclosed reference stays as written, and what follows is still read
        "$(PORT|$(PORT",
        "$(|$(",
        "$($(PORT)|$($(PORT)",
        // the name is the text up to the first ')', taken as it is
        "$()|$()",
        "$(a b)|spaced",
        "$(PORT))|8080)",
        // values are inserted as they are, never expanded again
        "$(NESTED)|$(PORT)",
        "$(DOLLARS)|a$$b",
        // text without a $ is untouched
        "plain text|plain text",
        "(PORT)|(PORT)",
    })
    void expandsLikeKubernetes(String input, String expected) {
        assertThat(VariableExpansion.expand(input, ENV)).isEqualTo(expected);
    }

    @Test
    void anEmptyTextStaysEmpty() {
        assertThat(VariableExpansion.expand("", ENV)).isEmpty();
    }

    @Test
    void expandsEachElementOfACommandOnItsOwn() {
        assertThat(VariableExpansion.expand(List.of("python3", "-m", "http.server", "$(PORT)", "$(", "PORT)"), ENV))
                .containsExactly("python3", "-m", "http.server", "8080", "$(", "PORT)");
    }

    @Test
    void aLookupFunctionDecidesWhatIsDefined() {
        assertThat(VariableExpansion.expand("$(A)-$(B)", name -> name.equals("A") ? "1" : null)).isEqualTo("1-$(B)");
    }

    @Test
    void portVariablesAreUpperCaseWithUnderscores() {
        assertThat(VariableExpansion.portVariable("http")).isEqualTo("DROVER_PORT_HTTP");
        assertThat(VariableExpansion.portVariable("admin-api")).isEqualTo("DROVER_PORT_ADMIN_API");
    }
}
