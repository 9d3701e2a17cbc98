package io.drover.api.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * Reads a {@link Quantity} from text or from a number ({@code cpu: 0.5}, {@code cpu: 2}), keeping the
 * number's text as written so that huge or odd numbers become invalid quantities that validation
 * reports with their path, never a Jackson failure.
 */
final class QuantityDeserializer extends StdScalarDeserializer<Quantity> {
    private static final long serialVersionUID = 1L;

    QuantityDeserializer() {
        super(Quantity.class);
    }

    @Override
    public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return Quantity.of(p.getText());
        }
        return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
    }
}
