package dev.ditto.store.redis;

import dev.ditto.control.limits.AdmitPlan;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a reservation record in Redis: the whole admission plan, so that the reaper can
 * release exactly what a request held without the replica that admitted it. One line per part,
 * tab-separated, every string URL-encoded:
 *
 * <pre>
 * ditto-reservation-v1
 * p  partition
 * r  id  request-id  replica-id  created-at-ms  scopes
 * c  kind  key  limit  window-ms  amount  reconcile(0|1)      (one per counter)
 * h  key  limit-nanos  amount-nanos  expires-at-ms              (one per hold)
 * </pre>
 */
final class ReservationCodec {

    static final String VERSION = "ditto-reservation-v1";

    private ReservationCodec() {}

    static String encode(AdmitPlan plan) {
        StringBuilder out = new StringBuilder(256).append(VERSION).append('\n');
        out.append("p\t").append(enc(plan.partition())).append('\n');
        AdmitPlan.Reservation r = plan.reservation();
        out.append("r\t").append(enc(r.id())).append('\t').append(enc(r.requestId())).append('\t')
                .append(enc(r.replicaId())).append('\t').append(r.createdAtMillis()).append('\t').append(enc(r.scopes()))
                .append('\n');
        for (AdmitPlan.Counter c : plan.counters()) {
            out.append("c\t").append(c.kind().name()).append('\t').append(enc(c.key())).append('\t').append(c.limit())
                    .append('\t').append(c.windowMillis()).append('\t').append(c.amount()).append('\t')
                    .append(c.reconcile() ? '1' : '0').append('\n');
        }
        for (AdmitPlan.Hold h : plan.holds()) {
            out.append("h\t").append(enc(h.key())).append('\t').append(h.limitNanos()).append('\t')
                    .append(h.amountNanos()).append('\t').append(h.expiresAtMillis()).append('\n');
        }
        return out.toString();
    }

    /**
     * Decodes a record.
     *
     * @throws IllegalArgumentException if the text is not a record of this version
     */
    static AdmitPlan decode(String text) {
        String[] lines = text.split("\n");
        if (lines.length < 3 || !lines[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a " + VERSION + " record");
        }
        String partition = null;
        AdmitPlan.Reservation reservation = null;
        List<AdmitPlan.Counter> counters = new ArrayList<>();
        List<AdmitPlan.Hold> holds = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            switch (f[0]) {
                case "p" -> partition = dec(f[1]);
                case "r" -> reservation = new AdmitPlan.Reservation(dec(f[1]), dec(f[2]), dec(f[3]),
                        Long.parseLong(f[4]), dec(f[5]));
                case "c" -> counters.add(new AdmitPlan.Counter(dec(f[2]), AdmitPlan.Counter.Kind.valueOf(f[1]),
                        Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), "1".equals(f[6])));
                case "h" -> holds.add(new AdmitPlan.Hold(dec(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4])));
                default -> throw new IllegalArgumentException("unknown line kind '" + f[0] + "'");
            }
        }
        if (partition == null || reservation == null) {
            throw new IllegalArgumentException("record without partition or reservation line");
        }
        return new AdmitPlan(partition, reservation, counters, holds);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String dec(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
