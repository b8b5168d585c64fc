package io.storecast.platform.persistence;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Bulk writes that are idempotent by their documents' ids, on MongoDB and on the local store alike. */
public final class BulkWrites {

    private static final int DUPLICATE_KEY = 11000;

    private BulkWrites() {
    }

    /**
     * Runs an unordered bulk write whose documents have deterministic ids; returns the positions of the operations
     * refused as duplicate ids, whose documents are there already (an insert: written by an earlier delivery of the
     * same event; an upsert: created meanwhile by another writer, so its change was not applied — the caller says
     * whether that can happen). Any other failure is thrown.
     */
    public static Set<Integer> executeIgnoringDuplicates(BulkOperations bulk) {
        Set<Integer> duplicates = new TreeSet<>();
        try {
            bulk.execute();
        } catch (BulkOperationException e) {
            return duplicates(e.getErrors(), e);
        }
        return duplicates;
    }

    /**
     * Inserts documents with deterministic ids through the driver (documents already in their stored form), in one
     * unordered bulk write; returns the positions of those there already, as {@link #executeIgnoringDuplicates}.
     */
    public static <T> Set<Integer> insertIgnoringDuplicates(MongoCollection<T> collection, List<? extends T> documents) {
        Set<Integer> duplicates = new TreeSet<>();
        if (documents.isEmpty()) {
            return duplicates;      // the driver refuses an empty bulk write
        }
        try {
            collection.bulkWrite(documents.stream().map(d -> new InsertOneModel<T>(d)).toList(),
                    new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            return duplicates(e.getWriteErrors(), e);
        }
        return duplicates;
    }

    /** The positions refused as duplicate ids; {@code failure} thrown when anything else was refused. */
    private static Set<Integer> duplicates(List<BulkWriteError> errors, RuntimeException failure) {
        Set<Integer> duplicates = new TreeSet<>();
        for (BulkWriteError error : errors) {
            if (error.getCode() != DUPLICATE_KEY) {
                throw failure;
            }
            duplicates.add(error.getIndex());
        }
        return duplicates;
    }
}
