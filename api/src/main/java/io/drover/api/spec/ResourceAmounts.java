package io.drover.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** CPU (cores: {@code 250m}, {@code 0.5}) and memory (bytes: {@code 256Mi}, {@code 1G}); either may be null (unset). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceAmounts(Quantity cpu, Quantity memory) {
    /** Nothing set. */
    public static final ResourceAmounts NONE = new ResourceAmounts(null, null);

    /** Parses both quantities; either may be null. */
    public static ResourceAmounts of(String cpu, String memory) {
        return new ResourceAmounts(cpu == null ? null : Quantity.parse(cpu), memory == null ? null : Quantity.parse(memory));
    }

    /** True when neither amount is set. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() { return cpu == null && memory == null; }
}
