package io.drover.cli.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drover.api.Endpoint;
import io.drover.api.InstanceStatus;
import io.drover.api.Problem;
import io.drover.api.ServiceState;
import io.drover.api.ServiceStatus;
import io.drover.api.error.DroverException;
import io.drover.api.spec.ServiceSpec;
import io.drover.api.spec.SpecIO;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of everything that crosses the daemon's control channel, and of the CLI's
 * {@code -o json|yaml} output: Drover's own mapper ({@link SpecIO#jsonMapper()}) plus ISO-8601
 * instants, and {@link ServiceStatus} written field by field (its {@code isReady()} would otherwise
 * clash with the {@code ready} replica count). Thread-safe.
 */
public final class WireFormat {
    private static final ObjectMapper JSON = configure(SpecIO.jsonMapper().copy());
    private static final ObjectMapper YAML = configure(SpecIO.yamlMapper().copy());

    private WireFormat() {}

    /** The JSON mapper for the wire and {@code -o json}. */
    public static ObjectMapper json() { return JSON; }

    /** The YAML mapper for {@code -o yaml}. */
    public static ObjectMapper yaml() { return YAML; }

    /** {@code value} as compact JSON. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new DroverException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code type} from JSON text. */
    public static <T> T fromJson(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new DroverException("cannot read " + type.getSimpleName() + " from the daemon's answer: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule statuses = new SimpleModule("drover-status");
        statuses.addSerializer(ServiceStatus.class, new StdDelegatingSerializer(new StdConverter<ServiceStatus, StatusFields>() {
            @Override
            public StatusFields convert(ServiceStatus s) { return StatusFields.of(s); }
        }));
        statuses.addDeserializer(ServiceStatus.class, new StdDelegatingDeserializer<>(new StdConverter<StatusFields, ServiceStatus>() {
            @Override
            public ServiceStatus convert(StatusFields f) { return f.toStatus(); }
        }));
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(statuses)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** {@link ServiceStatus}'s components as a plain record, without its convenience getters. */
    record StatusFields(String name, ServiceState state, int desired, int running, int ready, int updated,
            long revision, List<InstanceStatus> instances, List<Endpoint> endpoints, List<Problem> problems,
            Map<String, String> labels, ServiceSpec spec, Instant observedAt) {
        static StatusFields of(ServiceStatus s) {
            return new StatusFields(s.name(), s.state(), s.desired(), s.running(), s.ready(), s.updated(), s.revision(),
                    s.instances(), s.endpoints(), s.problems(), s.labels(), s.spec(), s.observedAt());
        }

        ServiceStatus toStatus() {
            return new ServiceStatus(name, state, desired, running, ready, updated, revision, instances, endpoints, problems,
                    labels, spec, observedAt);
        }
    }
}
