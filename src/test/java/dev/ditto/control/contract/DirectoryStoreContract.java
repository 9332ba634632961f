package dev.ditto.control.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.TimeRange;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.control.tenancy.User;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every implementation of the directory stores (tenants, projects, users, keys) and of
 * {@link ControlStore#inTransaction} must do. Implementations extend it and provide the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DirectoryStoreContract {

    private final FakeClock clock = FakeClock.of(Instant.parse("2025-03-01T10:15:30.123456Z"));
    private final IdGenerator ids = IdGenerator.of(clock);
    private final KeyGenerator keys = KeyGenerator.of(KeyHasher.sha256());

    /** @return the store under test, empty before each test */
    protected abstract ControlStore store();

    /** Empties the store. */
    protected abstract void deleteAll();

    @BeforeEach
    void empty() {
        deleteAll();
    }

    private Instant now() {
        return clock.advance(Duration.ofMillis(1)).instant();
    }

    private Tenant tenant(String name) {
        return store().tenants().create(Tenant.of(ids.next(IdGenerator.TENANT), name, now()));
    }

    @Test
    void tenantsAreCreatedReadUpdatedAndDeleted() {
        Tenant created = store().tenants().create(
                new Tenant(ids.next(IdGenerator.TENANT), "Acme", Map.of("region", "eu"), now(), now()));

        assertThat(store().tenants().get(created.id())).contains(created);
        Tenant renamed = store().tenants().update(created.withName("Acme GmbH", now()));
        assertThat(renamed.name()).isEqualTo("Acme GmbH");
        assertThat(renamed.createdAt()).isEqualTo(created.createdAt());
        assertThat(store().tenants().get(created.id())).contains(renamed);

        assertThat(store().tenants().delete(created.id())).isTrue();
        assertThat(store().tenants().get(created.id())).isEmpty();
        assertThat(store().tenants().delete(created.id())).isFalse();
        assertThatThrownBy(() -> store().tenants().update(renamed))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(created.id());
    }

    @Test
    void aDuplicateIdIsAConflict() {
        Tenant tenant = tenant("Acme");

        assertThatThrownBy(() -> store().tenants().create(tenant)).isInstanceOf(ConflictException.class);
        assertThat(store().tenants().list(PageRequest.ofDefaults()).items()).containsExactly(tenant);
    }

    @Test
    void listingsPageByIdInCreationOrderWithoutGapsOrRepeats() {
        List<Tenant> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(Tenant.of(ids.next(IdGenerator.TENANT), "tenant " + i, now()));
        }
        List<Tenant> shuffled = new ArrayList<>(created);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(store().tenants()::create);

        List<Integer> sizes = new ArrayList<>();
        List<Tenant> seen = collect(page -> store().tenants().list(page), 10, sizes);

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void aPageHoldsAtMostTheMaximumLimit() {
        assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
        Tenant tenant = tenant("big");
        store().runInTransaction(tx -> {
            for (int i = 0; i <= PageRequest.MAX_LIMIT; i++) {
                tx.users().create(User.of(ids.next(IdGenerator.USER), tenant.id(), null, now()));
            }
        });

        Page<User> first = store().users().list(tenant.id(), PageRequest.first(PageRequest.MAX_LIMIT));
        Page<User> second = store().users().list(tenant.id(), first.next().orElseThrow());

        assertThat(first.items()).hasSize(PageRequest.MAX_LIMIT);
        assertThat(second.items()).hasSize(1);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void projectsAndUsersAreListedPerTenant() {
        Tenant acme = tenant("Acme");
        Tenant globex = tenant("Globex");
        Project acmeProject = store().projects().create(Project.of(ids.next(IdGenerator.PROJECT), acme.id(), "web", now()));
        Project globexProject = store().projects().create(
                new Project(ids.next(IdGenerator.PROJECT), globex.id(), "ml", Map.of("cost_center", "42"), now(), now()));
        User acmeUser = store().users().create(User.of(ids.next(IdGenerator.USER), acme.id(), "a@acme.test", now()));
        User globexUser = store().users().create(
                new User("alice@globex.test", globex.id(), "alice@globex.test", "Alice", Map.of(), now(), now()));

        assertThat(store().projects().list(acme.id(), PageRequest.ofDefaults()).items()).containsExactly(acmeProject);
        assertThat(store().projects().list(globex.id(), PageRequest.ofDefaults()).items()).containsExactly(globexProject);
        assertThat(store().projects().list(null, PageRequest.ofDefaults()).items())
                .containsExactlyInAnyOrder(acmeProject, globexProject);
        assertThat(store().users().list(acme.id(), PageRequest.ofDefaults()).items()).containsExactly(acmeUser);
        assertThat(store().users().list(globex.id(), PageRequest.ofDefaults()).items()).containsExactly(globexUser);
        assertThat(store().users().list("ten_unknown", PageRequest.ofDefaults()).items()).isEmpty();

        Project renamed = store().projects().update(acmeProject.with("web-shop", Map.of("tier", "gold"), now()));
        assertThat(store().projects().get(acmeProject.id())).contains(renamed);
        User changed = store().users().update(acmeUser.with("b@acme.test", "Bea", Map.of("team", "ops"), now()));
        assertThat(store().users().get(acmeUser.id())).contains(changed);
    }

    @Test
    void aTenantStillInUseCannotBeDeletedNorAProjectOfAMissingTenantCreated() {
        Tenant acme = tenant("Acme");
        store().projects().create(Project.of(ids.next(IdGenerator.PROJECT), acme.id(), "web", now()));

        assertThatThrownBy(() -> store().tenants().delete(acme.id())).isInstanceOf(ConflictException.class);
        assertThat(store().tenants().get(acme.id())).isPresent();
        assertThatThrownBy(() -> store().projects().create(Project.of(ids.next(IdGenerator.PROJECT), "ten_missing",
                "x", now()))).isInstanceOf(ConflictException.class);
    }

    @Test
    void keysRoundTripAreFoundByHashAndListedPerOwner() {
        Tenant acme = tenant("Acme");
        Tenant globex = tenant("Globex");
        Project web = store().projects().create(Project.of(ids.next(IdGenerator.PROJECT), acme.id(), "web", now()));
        User bea = store().users().create(User.of(ids.next(IdGenerator.USER), acme.id(), null, now()));
        GeneratedKey secret = keys.generate();
        VirtualKey full = store().keys().create(VirtualKey.builder(ids.next(IdGenerator.KEY), secret.hash())
                .alias("web-prod").displayPrefix(secret.displayPrefix()).tenantId(acme.id()).projectId(web.id())
                .userId(bea.id()).allowedModels(Set.of("gpt-4o", "claude")).allowedRoutes(Set.of("/v1/chat/completions"))
                .expiresAt(Instant.parse("2026-01-01T00:00:00Z")).metadata(Map.of("env", "prod")).created(now())
                .build());
        VirtualKey other = store().keys().create(VirtualKey.builder(ids.next(IdGenerator.KEY), keys.generate().hash())
                .tenantId(globex.id()).created(now()).build());

        assertThat(store().keys().get(full.id())).contains(full);
        assertThat(store().keys().findByHash(secret.hash())).contains(full);
        assertThat(store().keys().findByHash(KeyHasher.sha256().hash("sk-unknown"))).isEmpty();
        assertThat(store().keys().list(KeyFilter.ofTenant(acme.id()), PageRequest.ofDefaults()).items())
                .containsExactly(full);
        assertThat(store().keys().list(new KeyFilter(null, web.id(), null), PageRequest.ofDefaults()).items())
                .containsExactly(full);
        assertThat(store().keys().list(new KeyFilter(null, null, bea.id()), PageRequest.ofDefaults()).items())
                .containsExactly(full);
        assertThat(store().keys().list(KeyFilter.all(), PageRequest.ofDefaults()).items()).containsExactly(full, other);
        assertThat(store().keys().list(KeyFilter.all().withAlias("web-prod"), PageRequest.ofDefaults()).items())
                .containsExactly(full);
        assertThat(store().keys().list(KeyFilter.ofTenant(globex.id()).withAlias("web-prod"), PageRequest.ofDefaults())
                .items()).isEmpty();

        VirtualKey blocked = store().keys().update(full.toBuilder().blocked(true).allowedModels(Set.of())
                .updatedAt(now()).build());
        assertThat(store().keys().findByHash(secret.hash())).contains(blocked);
        assertThatThrownBy(() -> store().keys().create(VirtualKey.builder(ids.next(IdGenerator.KEY), secret.hash())
                .created(now()).build())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store().users().delete(bea.id())).isInstanceOf(ConflictException.class);
        assertThat(store().keys().delete(full.id())).isTrue();
        assertThat(store().keys().findByHash(secret.hash())).isEmpty();
    }

    @Test
    void aRotatedKeyIsFoundByItsOldHashWhichWorksUntilTheGraceDeadline() {
        GeneratedKey first = keys.generate();
        GeneratedKey second = keys.generate();
        VirtualKey key = store().keys().create(VirtualKey.builder(ids.next(IdGenerator.KEY), first.hash())
                .displayPrefix(first.displayPrefix()).created(now()).build());
        Instant rotatedAt = now();
        Instant graceUntil = rotatedAt.plus(Duration.ofHours(1));

        VirtualKey rotated = store().keys().update(key.rotated(second.hash(), second.displayPrefix(), graceUntil,
                rotatedAt));

        assertThat(store().keys().findByHash(second.hash())).contains(rotated);
        VirtualKey byOldHash = store().keys().findByHash(first.hash()).orElseThrow();
        assertThat(byOldHash).isEqualTo(rotated);
        assertThat(byOldHash.displayPrefix()).isEqualTo(second.displayPrefix());
        assertThat(byOldHash.acceptsHash(first.hash(), graceUntil.minusMillis(1))).isTrue();
        assertThat(byOldHash.acceptsHash(first.hash(), graceUntil)).isFalse();
        assertThat(byOldHash.acceptsHash(second.hash(), graceUntil.plus(Duration.ofDays(365)))).isTrue();
    }

    @Test
    void anAdminWriteAndItsAuditRecordCommitTogetherOrNotAtAll() {
        Tenant kept = store().inTransaction(tx -> {
            Tenant tenant = tx.tenants().create(Tenant.of(ids.next(IdGenerator.TENANT), "Acme", now()));
            tx.audit().append(audit("tenant.create", tenant.id()));
            return tenant;
        });
        String lostId = ids.next(IdGenerator.TENANT);

        assertThatThrownBy(() -> store().runInTransaction(tx -> {
            tx.tenants().create(Tenant.of(lostId, "Lost", now()));
            tx.audit().append(audit("tenant.create", lostId));
            throw new IllegalStateException("the admin API failed after writing");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().runInTransaction(tx -> {
            tx.audit().append(audit("tenant.create", kept.id()));
            tx.tenants().create(kept);
        })).isInstanceOf(ConflictException.class);

        assertThat(store().tenants().get(kept.id())).isPresent();
        assertThat(store().tenants().get(lostId)).isEmpty();
        List<AuditRecord> audit = store().audit().list(AuditFilter.during(TimeRange.all()), PageRequest.ofDefaults())
                .items();
        assertThat(audit).extracting(AuditRecord::targetId).containsExactly(kept.id());
    }

    @Test
    void nestedTransactionsJoinTheOuterOne() {
        String id = ids.next(IdGenerator.TENANT);
        assertThatThrownBy(() -> store().runInTransaction(outer -> {
            outer.runInTransaction(inner -> inner.tenants().create(Tenant.of(id, "inner", now())));
            assertThat(outer.tenants().get(id)).isPresent();
            throw new IllegalStateException("roll back the outer transaction");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store().tenants().get(id)).isEmpty();
    }

    private AuditRecord audit(String action, String targetId) {
        return AuditRecord.builder(ids.next(IdGenerator.AUDIT), now()).actor("master", "global_admin")
                .action(action, "tenant", targetId).build();
    }

    private static <T> List<T> collect(Function<PageRequest, Page<T>> list, int limit, List<Integer> sizes) {
        List<T> all = new ArrayList<>();
        Optional<PageRequest> page = Optional.of(PageRequest.first(limit));
        while (page.isPresent()) {
            Page<T> result = list.apply(page.get());
            sizes.add(result.items().size());
            all.addAll(result.items());
            page = result.next();
        }
        return all;
    }
}
