package io.drover.api.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ServiceSpec} straight to its document form ({@code apiVersion}, {@code kind},
 * {@code metadata} with name, namespace and labels, {@code spec} with the rest), leaving out every property
 * whose value is null, an empty list or map, or an object that would be written empty: the text
 * {@link SpecIO#toTree} gives once written, without building and pruning that tree (which cost
 * about half of a translation). Lists keep their elements as they are, as the tree does.
 */
final class DocumentModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    /** @param canonicalQuantities whether valid quantities are written as their amount ({@code 1Gi} as {@code 1073741824}) */
    DocumentModule(boolean canonicalQuantities) {
        super("drover-document");
        setSerializerModifier(new Modifier());
        if (canonicalQuantities) addSerializer(Quantity.class, new CanonicalQuantitySerializer());
    }

    /** A valid quantity as its amount in plain notation without trailing zeros, an invalid one as written. */
    private static final class CanonicalQuantitySerializer extends StdSerializer<Quantity> {
        private static final long serialVersionUID = 1L;

        CanonicalQuantitySerializer() {
            super(Quantity.class);
        }

        @Override
        public void serialize(Quantity q, JsonGenerator gen, SerializerProvider prov) throws IOException {
            gen.writeString(q.isValid() ? q.amount().stripTrailingZeros().toPlainString() : q.toString());
        }
    }

    private static final class Modifier extends BeanSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription bean, List<BeanPropertyWriter> properties) {
            List<BeanPropertyWriter> out = new ArrayList<>(properties.size());
            for (BeanPropertyWriter p : properties) out.add(new OmittingWriter(p));
            return out;
        }

        @Override
        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean, JsonSerializer<?> serializer) {
            if (bean.getBeanClass() == ServiceSpec.class && serializer instanceof BeanSerializerBase b) return new DocumentSerializer(b);
            return serializer;
        }
    }

    /**
     * A property left out when its value would be pruned from the tree: null, an empty list, a map
     * of only null values (the spec's maps hold text), or a record with nothing to write. What to
     * check is decided once from the property's declared type (the spec's records are final).
     */
    private static final class OmittingWriter extends BeanPropertyWriter {
        private static final long serialVersionUID = 1L;
        private final boolean collection;
        private final boolean map;
        private final boolean record;
        /** The serializer of the record type, found on first use. */
        private transient volatile BeanSerializerBase nested;

        OmittingWriter(BeanPropertyWriter base) {
            super(base);
            Class<?> type = base.getType().getRawClass();
            collection = Collection.class.isAssignableFrom(type);
            map = Map.class.isAssignableFrom(type);
            record = type.isRecord();
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
            if (!omits(get(bean), prov)) super.serializeAsField(bean, gen, prov);
        }

        boolean omits(Object value, SerializerProvider prov) throws Exception {
            if (value == null) return true;
            if (collection) return ((Collection<?>) value).isEmpty();
            if (map) {
                for (Object v : ((Map<?, ?>) value).values()) if (v != null) return false;
                return true;
            }
            if (!record) return false;
            BeanSerializerBase ser = nested;
            if (ser == null) {
                if (!(prov.findValueSerializer(value.getClass()) instanceof BeanSerializerBase b)) return false;
                nested = ser = b;
            }
            for (Iterator<PropertyWriter> it = ser.properties(); it.hasNext(); ) {
                if (!(it.next() instanceof OmittingWriter w) || !w.omits(w.get(value), prov)) return false;
            }
            return true;
        }
    }

    /** The spec's own properties, arranged as a document. */
    private static final class DocumentSerializer extends StdSerializer<ServiceSpec> implements ResolvableSerializer {
        private static final long serialVersionUID = 1L;
        private final BeanSerializerBase bean;

        DocumentSerializer(BeanSerializerBase bean) {
            super(ServiceSpec.class);
            this.bean = bean;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            bean.resolve(provider);
        }

        @Override
        public void serialize(ServiceSpec spec, JsonGenerator gen, SerializerProvider prov) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("apiVersion", SpecIO.API_VERSION);
            gen.writeStringField("kind", SpecIO.KIND);
            gen.writeObjectFieldStart("metadata");
            write(spec, gen, prov, true);
            gen.writeEndObject();
            gen.writeObjectFieldStart("spec");
            write(spec, gen, prov, false);
            gen.writeEndObject();
            gen.writeEndObject();
        }

        /** The metadata's properties (name, namespace, labels) or the others, in the record's order. */
        private void write(ServiceSpec spec, JsonGenerator gen, SerializerProvider prov, boolean metadata) throws IOException {
            for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext(); ) {
                PropertyWriter p = it.next();
                boolean isMetadata = SpecSchema.METADATA.contains(p.getName());
                if (isMetadata != metadata) continue;
                try {
                    p.serializeAsField(spec, gen, prov);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw JsonMappingException.from(gen, "cannot write " + p.getName(), e);
                }
            }
        }
    }
}
