package dev.ditto.store.jpa;

import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JPQL conditions on the {@code scopeKind}/{@code scopeId} columns of the per-scope tables. */
final class Scopes {

    private Scopes() {}

    /** The filter's conditions. */
    static Keyset filter(ScopeFilter filter) {
        Keyset keyset = new Keyset().eq("tenantId", filter.tenantId());
        Scope scope = filter.scope();
        if (scope != null) {
            keyset.eq("scopeKind", scope.kind().wireName()).eq("scopeId", scope.id());
        }
        return keyset;
    }

    /** {@code (e.scopeKind = :k0 and e.scopeId = :i0) or ...}, for a non-empty collection. */
    static Keyset anyOf(Collection<Scope> scopes) {
        List<String> terms = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (Scope scope : scopes) {
            terms.add("(e.scopeKind = :k" + i + " and e.scopeId = :i" + i + ")");
            values.put("k" + i, scope.kind().wireName());
            values.put("i" + i, scope.id());
            i++;
        }
        return new Keyset().where("(" + String.join(" or ", terms) + ")", values);
    }
}
