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
     * Runs an unordered bulk write in which a document refused as a duplicate id is already there (written by an
     * earlier delivery of the same event); returns the positions of those refused operations. Any other failure is
     * thrown.
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
