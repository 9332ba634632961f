package dev.ditto.control;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;

/**
 * Makes record ids: a type prefix and a 26-character ULID in lowercase Crockford base32,
 * such as {@code key_01jd8x2m4q7r9t0v3w5y6z8a1b}. The first 10 characters are the creation
 * time in milliseconds, so ids sort by creation time and a keyset listing by id shows the
 * oldest records first; the other 16 are 80 random bits, so ids made on several replicas in
 * the same millisecond do not collide. Ids are not secrets. Thread-safe.
 */
public final class IdGenerator {

    /** Prefix of tenant ids. */
    public static final String TENANT = "ten";
    /** Prefix of project ids. */
    public static final String PROJECT = "prj";
    /** Prefix of user ids. */
    public static final String USER = "usr";
    /** Prefix of virtual key ids. */
    public static final String KEY = "key";
    /** Prefix of budget ids. */
    public static final String BUDGET = "bud";
    /** Prefix of limit ids. */
    public static final String LIMIT = "lim";
    /** Prefix of spend-log row ids. */
    public static final String SPEND = "spd";
    /** Prefix of audit record ids. */
    public static final String AUDIT = "aud";

    private static final char[] CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final Clock clock;
    private final Random random;

    private IdGenerator(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * Returns a generator that reads the time from a clock and draws from a {@link SecureRandom}.
     *
     * @param clock wall time
     * @return the generator
     */
    public static IdGenerator of(Clock clock) {
        return new IdGenerator(clock, new SecureRandom());
    }

    /**
     * Makes an id with the current time.
     *
     * @param prefix the type prefix, such as {@link #KEY}
     * @return {@code prefix_} and a ULID
     */
    public String next(String prefix) {
        return next(prefix, clock.millis());
    }

    /**
     * Makes an id for a record created at a given time (a spend-log row is named by when its
     * request started, not when it was written).
     *
     * @param prefix the type prefix
     * @param epochMillis the creation time
     * @return {@code prefix_} and a ULID
     */
    public String next(String prefix, long epochMillis) {
        char[] ulid = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            ulid[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        long high = random.nextLong();
        long low = random.nextLong();
        // 80 random bits: 40 from each draw.
        for (int i = 0; i < 8; i++) {
            ulid[10 + i] = CROCKFORD[(int) ((high >>> (5 * i)) & 31)];
            ulid[18 + i] = CROCKFORD[(int) ((low >>> (5 * i)) & 31)];
        }
        return prefix + "_" + new String(ulid);
    }
}
