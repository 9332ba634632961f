package dev.ditto.store.jpa;

import dev.ditto.control.ConflictException;
import dev.ditto.control.StoreUnavailableException;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Where a store's work runs: in a transaction of its own ({@link #auto}), or in one the caller
 * opened through {@code ControlStore.inTransaction} ({@link #bound}). Translates JPA's
 * exceptions into the control plane's, so nothing above the store sees JPA.
 */
abstract class Transactions {

    /**
     * Runs work.
     *
     * @param work what to do with the entity manager
     * @param <T> the result type
     * @return the work's result
     */
    abstract <T> T call(Function<EntityManager, T> work);

    /** @return true when the work joins a transaction someone else commits */
    abstract boolean bound();

    /** Each call in a transaction of its own. */
    static Transactions auto(EntityManagerFactory factory) {
        return new Transactions() {
            @Override
            <T> T call(Function<EntityManager, T> work) {
                return inNewTransaction(factory, work);
            }

            @Override
            boolean bound() {
                return false;
            }
        };
    }

    /** Every call in the given entity manager's open transaction. */
    static Transactions bound(EntityManager em) {
        return new Transactions() {
            @Override
            <T> T call(Function<EntityManager, T> work) {
                try {
                    return work.apply(em);
                } catch (PersistenceException e) {
                    throw translate(e);
                }
            }

            @Override
            boolean bound() {
                return true;
            }
        };
    }

    /** Opens an entity manager and a transaction, runs the work, commits; rolls back on any failure. */
    static <T> T inNewTransaction(EntityManagerFactory factory, Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } catch (PersistenceException e) {
            throw translate(e);
        } finally {
            try {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
            } finally {
                em.close();
            }
        }
    }

    /** A constraint violation is a conflict; anything else the database did is unavailability. */
    static RuntimeException translate(PersistenceException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation) {
                String constraint = violation.getConstraintName();
                return new ConflictException("the write conflicts with stored data"
                        + (constraint == null ? "" : " (constraint " + constraint + ")")
                        + ": a duplicate id or hash, a missing owner, or a record still in use", e);
            }
            if (cause instanceof EntityExistsException) {
                return new ConflictException("a record with that id exists", e);
            }
        }
        return new StoreUnavailableException("the database failed: " + e.getMessage(), e);
    }
}
