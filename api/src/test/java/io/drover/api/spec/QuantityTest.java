package io.drover.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "250m, 0.25",
            "0.5, 0.5",
            "2, 2",
            "256Mi, 268435456",
            "1G, 1000000000",
            "1e3, 1000",
            "1E3, 1000",
            "1.5Gi, 1610612736",
            "100k, 100000",
            "1Ki, 1024",
            "500u, 0.0005",
            "7n, 0.000000007",
            ".5, 0.5",
            "+3, 3",
            "2e-3, 0.002",
            "1Ti, 1099511627776",
            "1E, 1000000000000000000"})
    void validQuantitiesHaveTheirAmountInBaseUnits(String text, String amount) {
        Quantity q = Quantity.parse(text);
        assertThat(q.isValid()).isTrue();
        assertThat(q.problem()).isNull();
        assertThat(q.amount()).isEqualByComparingTo(new BigDecimal(amount));
        assertThat(q.toString()).isEqualTo(text);
    }

    @Test
    void binaryAndDecimalSpellingsOfTheSameAmountAreEqual() {
        assertThat(Quantity.parse("1Gi")).isEqualTo(Quantity.parse("1024Mi")).hasSameHashCodeAs(Quantity.parse("1024Mi"));
        assertThat(Quantity.parse("1")).isEqualTo(Quantity.parse("1000m")).hasSameHashCodeAs(Quantity.parse("1000m"));
        assertThat(Quantity.parse("0.5")).isEqualTo(Quantity.parse("500m")).hasSameHashCodeAs(Quantity.parse("500m"));
        assertThat(Quantity.parse("1k")).isEqualTo(Quantity.parse("1e3"));
        assertThat(Quantity.parse("1G")).isNotEqualTo(Quantity.parse("1Gi"));
        assertThat(Quantity.of("abc")).isEqualTo(Quantity.of("abc")).isNotEqualTo(Quantity.of("abd"));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(Quantity.parse(" 250m ")).isEqualTo(Quantity.parse("250m"));
        assertThat(Quantity.parse(" 250m ").toString()).isEqualTo("250m");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(value = {
            "abc|must be a quantity such as 250m, 0.5, 256Mi or 1G, was 'abc'",
            "1.2.3|must be a quantity such as 250m, 0.5, 256Mi or 1G, was '1.2.3'",
            "-1|must not be negative, was '-1'",
            "-250m|must not be negative, was '-250m'",
            "10XB|must be a quantity such as 250m, 0.5, 256Mi or 1G, was '10XB'",
            "''|must be a quantity such as 250m, 0.5, 256Mi or 1G, was ''",
            "1mi|must be a quantity such as 250m, 0.5, 256Mi or 1G, was '1mi'",
            "Mi|must be a quantity such as 250m, 0.5, 256Mi or 1G, was 'Mi'",
            "1e99|must be a quantity such as 250m, 0.5, 256Mi or 1G, was '1e99'",
            "1 Gi|must be a quantity such as 250m, 0.5, 256Mi or 1G, was '1 Gi'",
            "Infinity|must be a quantity such as 250m, 0.5, 256Mi or 1G, was 'Infinity'"}, delimiter = '|')
    void invalidQuantitiesSayWhy(String text, String problem) {
        Quantity q = Quantity.of(text);
        assertThat(q.isValid()).isFalse();
        assertThat(q.problem()).isEqualTo(problem);
        assertThat(q.toString()).isEqualTo(text);
        assertThatThrownBy(q::amount).isInstanceOf(IllegalStateException.class).hasMessage(problem);
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
    }

    @ParameterizedTest(name = "{0}: milli {1}, units {2}")
    @CsvSource({
            "250m, 250, 1",
            "0.5, 500, 1",
            "2, 2000, 2",
            "1n, 1, 1",
            "1500u, 2, 1",
            "0.0001, 1, 1",
            "1.0001, 1001, 2",
            "256Mi, 268435456000, 268435456",
            "1, 1000, 1"})
    void toMilliAndToUnitsRoundUp(String text, long milli, long units) {
        Quantity q = Quantity.parse(text);
        assertThat(q.toMilli()).isEqualTo(milli);
        assertThat(q.toUnits()).isEqualTo(units);
    }

    @Test
    void yamlNumbersAreReadAsQuantities() {
        ServiceSpec spec = SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: {name: web}
                spec:
                  image: nginx
                  resources:
                    requests: {cpu: 0.5, memory: 1e3}
                    limits: {cpu: 2, memory: 1024}
                """);
        assertThat(spec.resources().requests().cpu().toMilli()).isEqualTo(500);
        assertThat(spec.resources().requests().memory().toUnits()).isEqualTo(1000);
        assertThat(spec.resources().limits().cpu().toMilli()).isEqualTo(2000);
        assertThat(spec.resources().limits().memory().toUnits()).isEqualTo(1024);
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(SpecIO.read(SpecIO.toYaml(spec))).isEqualTo(spec);
    }

    @Test
    void hugeYamlNumbersBecomeInvalidQuantitiesReportedByValidation() {
        ServiceSpec spec = SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: {name: web}
                spec:
                  image: nginx
                  resources:
                    limits: {cpu: 1.0e+400, memory: 123456789012345678901234567890}
                """);
        assertThat(SpecValidator.validate(spec)).extracting(Violation::toString).containsExactly(
                "spec.resources.limits.cpu: must be a quantity such as 250m, 0.5, 256Mi or 1G, was 'Infinity'",
                "spec.resources.limits.memory: must be at most 9223372036854775807, was '123456789012345678901234567890'");
    }

    @Test
    void quantitiesAreWrittenAsTheirText() {
        ServiceSpec spec = ServiceSpec.builder("web").image("nginx").requests("250m", "256Mi").build();
        assertThat(SpecIO.toYaml(spec)).contains("cpu: 250m").contains("memory: 256Mi");
        assertThat(SpecIO.toJson(spec)).contains("\"cpu\" : \"250m\"");
    }

    @Test
    void quantitiesOfTheWrongShapeAreStructuralErrors() {
        assertThatThrownBy(() -> SpecIO.read("""
                apiVersion: drover.io/v1
                kind: Service
                metadata: {name: web}
                spec: {image: nginx, resources: {requests: {cpu: [1], memory: true}}}
                """)).isInstanceOf(io.drover.api.error.InvalidSpecException.class)
                .satisfies(e -> assertThat(((io.drover.api.error.InvalidSpecException) e).violations()).extracting(Violation::toString).containsExactly(
                        "spec.resources.requests.cpu: must be a quantity such as 250m, 0.5 or 256Mi, was a list",
                        "spec.resources.requests.memory: must be a quantity such as 250m, 0.5 or 256Mi, was true"));
    }
}
