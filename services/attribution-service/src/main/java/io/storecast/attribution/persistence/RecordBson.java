package io.storecast.attribution.persistence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.BsonBinaryWriter;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A document record as BSON, in the shape Spring Data's mapping stores it: each component under its name, the id
 * ({@code @Id}, else a component named {@code id}) as {@code _id} and first — an ObjectId when its text is one, as
 * Spring converts it ({@link #id}) — instants as dates to the millisecond, enums by name, lists as arrays, records
 * within as documents, nulls left out; no {@code _class} (reading does not need it). A record type with a component
 * of any other type is refused when first written, whatever its values, so that {@code RecordBsonTest} finds it.
 * Written straight, without the mapping layer, which with the driver's generic encoding took about half of the
 * read-model writer's samples (docs/performance.md); reading stays Spring's, and {@code RecordBsonTest} checks that
 * both agree.
 */
public final class RecordBson {

    private record Component(String name, java.lang.reflect.Method accessor) {
    }

    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] all = type.getRecordComponents();
            for (RecordComponent c : all) {
                check(c.getGenericType(), type);
            }
            boolean annotated = Arrays.stream(all).anyMatch(RecordBson::isId);
            return Arrays.stream(all)
                    .map(c -> new Component((annotated ? isId(c) : c.getName().equals("id")) ? "_id" : c.getName(),
                            c.getAccessor()))
                    .sorted(Comparator.comparing(c -> !c.name().equals("_id")))    // stable: the rest keep their order
                    .toArray(Component[]::new);
        }
    };

    private RecordBson() {
    }

    /** The value an id is stored and matched as: an ObjectId when the text is one (as Spring's mapping does). */
    public static Object id(String id) {
        return ObjectId.isValid(id) ? new ObjectId(id) : id;
    }

    private static void check(Type type, Class<?> in) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            check(p.getActualTypeArguments()[0], in);
            return;
        }
        if (type instanceof Class<?> k) {
            if (k.isRecord()) {
                COMPONENTS.get(k);      // checked in turn
                return;
            }
            if (k == String.class || k == Integer.class || k == int.class || k == Long.class || k == long.class
                    || k == Boolean.class || k == boolean.class || k == Instant.class || k.isEnum()) {
                return;
            }
        }
        throw new IllegalArgumentException("no BSON written for a " + type.getTypeName() + " in " + in.getName());
    }

    /** {@code @Id} lands on the component's field and accessor (its targets), where Spring looks for it. */
    private static boolean isId(RecordComponent c) {
        try {
            return c.getAccessor().isAnnotationPresent(Id.class)
                    || c.getDeclaringRecord().getDeclaredField(c.getName()).isAnnotationPresent(Id.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** The collection Spring keeps a document record's type in, taking the documents {@link #write} makes. */
    public static MongoCollection<RawBsonDocument> collection(MongoTemplate mongo, Class<? extends Record> type) {
        return mongo.getCollection(mongo.getCollectionName(type)).withDocumentClass(RawBsonDocument.class);
    }

    /** A document record written whole over the one with its id, or inserted when there is none. */
    public static ReplaceOneModel<RawBsonDocument> upsert(Record value) {
        RawBsonDocument document = write(value);
        BsonValue id = document.get("_id");
        if (id == null) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " has no id to be written by");
        }
        return new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    public static RawBsonDocument write(Record value) {
        BasicOutputBuffer out = new BasicOutputBuffer(512);
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            document(w, value);
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    private static void document(BsonWriter w, Record value) {
        w.writeStartDocument();
        for (Component c : COMPONENTS.get(value.getClass())) {
            Object v;
            try {
                v = c.accessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.name() + " of " + value.getClass(), e);
            }
            if (v != null) {
                w.writeName(c.name());
                value(w, c.name().equals("_id") && v instanceof String s ? id(s) : v);
            }
        }
        w.writeEndDocument();
    }

    private static void value(BsonWriter w, Object v) {
        switch (v) {
            case String s -> w.writeString(s);
            case Integer i -> w.writeInt32(i);
            case Long l -> w.writeInt64(l);
            case Boolean b -> w.writeBoolean(b);
            case Instant t -> w.writeDateTime(t.toEpochMilli());
            case Enum<?> e -> w.writeString(e.name());
            case ObjectId o -> w.writeObjectId(o);
            case Record r -> document(w, r);
            case List<?> list -> {
                w.writeStartArray();
                for (Object o : list) {
                    if (o == null) {
                        w.writeNull();
                    } else {
                        value(w, o);
                    }
                }
                w.writeEndArray();
            }
            default -> throw new IllegalStateException("no BSON written for a " + v.getClass().getName());
        }
    }
}
