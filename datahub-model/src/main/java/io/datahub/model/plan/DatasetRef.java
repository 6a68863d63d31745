package io.datahub.model.plan;

/**
 * One version of a dataset: what a source defines ({@code step < 0}) or what transformation number
 * {@code step} (document order) writes under that name.
 *
 * @param dataset the dataset name
 * @param step    the index of the writing transformation, or -1 for the source of that name
 */
public record DatasetRef(String dataset, int step) {

    public static DatasetRef source(String id) {
        return new DatasetRef(id, -1);
    }

    public boolean isSource() {
        return step < 0;
    }
}
