package io.storecast.platform.persistence;

import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;

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
            for (var error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
        }
        return duplicates;
    }
}
