package dev.ditto.control.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.Caller;
import dev.ditto.control.Credentials;
import dev.ditto.control.Invalidations;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class KeyAuthenticatorTest {

    private static final String MASTER = "sk-master-0123456789";

    private final FakeClock clock = FakeClock.ofDefaults();
    private final FakeKeyStore store = new FakeKeyStore();
    private final KeyGenerator generator = KeyGenerator.of(KeyHasher.sha256());
    private final KeyAuthenticator authenticator = authenticator(MASTER);

    private KeyAuthenticator authenticator(@Nullable String masterKey) {
        return new KeyAuthenticator(store, KeyHasher.sha256(), masterKey, KeyAuthenticator.Settings.ofDefaults(), clock,
                clock);
    }

    private GeneratedKey storedKey() {
        GeneratedKey secret = generator.generate();
        store.create(VirtualKey.builder("key_stored", secret.hash()).displayPrefix(secret.displayPrefix())
                .created(clock.instant()).build());
        return secret;
    }

    private Caller authenticate(KeyAuthenticator auth, @Nullable String token) {
        return auth.authenticate(new Credentials(token, "/v1/chat/completions", "127.0.0.1"));
    }

    private static void assertRefused(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void aKeyBecomesItsCallerAndIsThenServedFromTheCache() {
        GeneratedKey secret = generator.generate();
        store.create(VirtualKey.builder("key_web", secret.hash()).alias("web-prod").tenantId("ten_a")
                .projectId("prj_a").userId("usr_a").allowedModels(Set.of("gpt-4o"))
                .allowedRoutes(Set.of("/chat/completions")).metadata(Map.of("env", "prod")).created(clock.instant())
                .build());

        Caller caller = authenticate(authenticator, secret.secret());
        Caller again = authenticate(authenticator, secret.secret());

        assertThat(caller).isEqualTo(new Caller("key_web", "web-prod", "usr_a", "prj_a", "ten_a", Set.of("gpt-4o"),
                Set.of("/v1/chat/completions"), Map.of("env", "prod")));
        assertThat(again).isSameAs(caller);
        assertThat(store.lookups()).isEqualTo(1);
        assertThat(authenticator.cachedKeys()).isEqualTo(1);
    }

    @Test
    void theStoreIsAskedAgainAfterTheTtl() {
        GeneratedKey secret = storedKey();
        authenticate(authenticator, secret.secret());

        clock.advance(KeyAuthenticator.Settings.DEFAULT_CACHE_TTL.minusMillis(1));
        authenticate(authenticator, secret.secret());
        assertThat(store.lookups()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        authenticate(authenticator, secret.secret());
        assertThat(store.lookups()).isEqualTo(2);
    }

    @Test
    void anExpiredKeyIsRefusedOnTimeEvenWhileCached() {
        GeneratedKey secret = generator.generate();
        store.create(VirtualKey.builder("key_temp", secret.hash()).expiresAt(clock.instant().plusSeconds(10))
                .created(clock.instant()).build());
        assertThat(authenticate(authenticator, secret.secret()).keyId()).isEqualTo("key_temp");

        clock.advance(Duration.ofSeconds(10));

        assertRefused(() -> authenticate(authenticator, secret.secret()), "key_expired");
        assertThat(store.lookups()).isEqualTo(1);
    }

    @Test
    void aBlockedKeyStopsWorkingOnceInvalidated() {
        GeneratedKey secret = generator.generate();
        VirtualKey key = store.create(VirtualKey.builder("key_b", secret.hash()).created(clock.instant()).build());
        Invalidations invalidations = Invalidations.local();
        invalidations.onKeyChange(authenticator);
        authenticate(authenticator, secret.secret());

        store.update(key.toBuilder().blocked(true).build());
        // Until told, the replica trusts its cache (for at most the TTL).
        assertThat(authenticate(authenticator, secret.secret()).keyId()).isEqualTo("key_b");
        invalidations.keyChanged(secret.hash());

        assertRefused(() -> authenticate(authenticator, secret.secret()), "key_blocked");
        assertRefused(() -> authenticate(authenticator, secret.secret()), "key_blocked");
        assertThat(store.lookups()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIsNeverCachedAsValid() {
        GeneratedKey secret = generator.generate();

        assertRefused(() -> authenticate(authenticator, secret.secret()), "invalid_api_key");
        assertRefused(() -> authenticate(authenticator, secret.secret()), "invalid_api_key");
        assertThat(store.lookups()).as("the negative cache spares the store").isEqualTo(1);

        store.create(VirtualKey.builder("key_new", secret.hash()).created(clock.instant()).build());
        assertRefused(() -> authenticate(authenticator, secret.secret()), "invalid_api_key");
        clock.advance(KeyAuthenticator.Settings.DEFAULT_NEGATIVE_CACHE_TTL);

        assertThat(authenticate(authenticator, secret.secret()).keyId()).isEqualTo("key_new");
        assertThat(store.lookups()).isEqualTo(2);
    }

    @Test
    void invalidatingAHashLetsANewKeyInAtOnce() {
        GeneratedKey secret = generator.generate();
        assertRefused(() -> authenticate(authenticator, secret.secret()), "invalid_api_key");

        store.create(VirtualKey.builder("key_new", secret.hash()).created(clock.instant()).build());
        authenticator.invalidate(secret.hash());

        assertThat(authenticate(authenticator, secret.secret()).keyId()).isEqualTo("key_new");
    }

    @Test
    void aRotatedAwayKeyWorksUntilItsGraceDeadline() {
        GeneratedKey old = generator.generate();
        GeneratedKey current = generator.generate();
        VirtualKey key = store.create(VirtualKey.builder("key_r", old.hash()).created(clock.instant()).build());
        Instant graceUntil = clock.instant().plus(Duration.ofMinutes(5));
        store.update(key.rotated(current.hash(), current.displayPrefix(), graceUntil, clock.instant()));

        assertThat(authenticate(authenticator, old.secret()).keyId()).isEqualTo("key_r");
        assertThat(authenticate(authenticator, current.secret()).keyId()).isEqualTo("key_r");
        clock.advance(Duration.ofMinutes(5));

        assertRefused(() -> authenticate(authenticator, old.secret()), "invalid_api_key");
        assertThat(authenticate(authenticator, current.secret()).keyId()).isEqualTo("key_r");
    }

    @Test
    void theMasterKeyIsStillAcceptedAndAMissingKeyIsRefused() {
        assertThat(authenticate(authenticator, MASTER)).isEqualTo(Caller.master());
        assertRefused(() -> authenticate(authenticator, null), "missing_api_key");
        assertRefused(() -> authenticate(authenticator, ""), "missing_api_key");
        assertThat(store.lookups()).isZero();
    }

    @Test
    void withoutAMasterKeyTheGatewayIsOpenButPresentedKeysStillBind() {
        KeyAuthenticator open = authenticator(null);
        GeneratedKey valid = generator.generate();
        store.create(VirtualKey.builder("key_ok", valid.hash()).allowedModels(Set.of("gpt-4o"))
                .created(clock.instant()).build());
        GeneratedKey blocked = generator.generate();
        store.create(VirtualKey.builder("key_blocked", blocked.hash()).blocked(true).created(clock.instant()).build());

        assertThat(authenticate(open, null)).isEqualTo(Caller.anonymous());
        assertThat(authenticate(open, "sk-anything-a-client-sends")).isEqualTo(Caller.anonymous());
        assertThat(authenticate(open, valid.secret()).allowedModels()).containsExactly("gpt-4o");
        assertRefused(() -> authenticate(open, blocked.secret()), "key_blocked");
    }
}
