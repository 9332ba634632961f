package dev.ditto.sdk;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One embedding vector and the position of the input it belongs to.
 *
 * <p>Instances are immutable: the vector is copied on the way in and by {@link #vector()}; use
 * {@link #get(int)} to read it without copying.
 */
public final class Embedding {

    private final int index;
    private final float[] vector;

    private Embedding(int index, float[] vector) {
        this.index = index;
        this.vector = vector;
    }

    /**
     * Returns an embedding.
     *
     * @param index the position of the input in the request
     * @param vector the vector, copied
     * @return the embedding
     * @throws IllegalArgumentException if {@code index} is negative or the vector is empty
     */
    public static Embedding of(int index, float[] vector) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative but was " + index);
        }
        if (vector.length == 0) {
            throw new IllegalArgumentException("the vector of input " + index + " is empty");
        }
        return new Embedding(index, vector.clone());
    }

    /**
     * Returns the position of the input this embedding belongs to.
     *
     * @return the input index
     */
    public int index() {
        return index;
    }

    /**
     * Returns the number of dimensions.
     *
     * @return the vector length
     */
    public int dimensions() {
        return vector.length;
    }

    /**
     * Returns one component of the vector.
     *
     * @param dimension the component index
     * @return the component
     * @throws IndexOutOfBoundsException if {@code dimension} is out of range
     */
    public float get(int dimension) {
        return vector[dimension];
    }

    /**
     * Returns a copy of the vector.
     *
     * @return a new array
     */
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Embedding that && index == that.index && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
    }
}
