package org.acdserver.gateway.kpi;

import java.time.Duration;
import java.time.Instant;
import org.acdserver.core.Staffing;
import org.acdserver.core.StaffingAdvice;
import org.acdserver.gateway.config.ServiceLevelTarget;

/**
 * A queue's measures in one interval, from its sums, exactly as docs/kpi.md defines them; and the staffing advice
 * for the interval from the measured arrival rate, handle time and abandonment.
 */
final class QueueMeasures {

    /** The sums a row is made of, in the order the report's query selects them. */
    static final int OFFERED = 0;
    static final int ANSWERED = 1;
    static final int ANSWERED_IN_TARGET = 2;
    static final int ANSWERED_WAIT = 3;
    static final int ABANDONED = 4;
    static final int ABANDONED_IN_TARGET = 5;
    static final int ABANDONED_WAIT = 6;
    static final int SHORT_ABANDONED = 7;
    static final int SHORT_WAIT = 8;
    static final int LONGEST_WAIT = 9;
    static final int CALLBACKS_REQUESTED = 10;
    static final int NOT_SERVED = 11;
    static final int HANDLED = 12;
    static final int TALK = 13;
    static final int HOLD = 14;
    static final int WRAP_UP = 15;
    static final int CALLBACKS_COMPLETED = 16;
    static final int CALLBACKS_FAILED = 17;
    static final int FCR_CONTACTS_ELAPSED = 18;
    static final int FCR_REPEATED_ELAPSED = 19;
    static final int FCR_CONTACTS = 20;
    static final int CSAT_COUNT = 21;
    static final int CSAT_SUM = 22;
    static final int CSAT_TOP = 23;
    static final int NPS_COUNT = 24;
    static final int NPS_PROMOTERS = 25;
    static final int NPS_DETRACTORS = 26;
    static final int CES_COUNT = 27;
    static final int CES_SUM = 28;
    static final int SUMS = 29;

    private QueueMeasures() {
    }

    static Report.QueueRow row(String queue, Instant start, Instant end, double[] s, ServiceLevelTarget target,
                               double staffed) {
        long offered = (long) s[OFFERED];
        long answered = (long) s[ANSWERED];
        long abandoned = (long) s[ABANDONED];
        long shortAbandoned = (long) s[SHORT_ABANDONED];
        long handled = (long) s[HANDLED];
        long completed = (long) s[CALLBACKS_COMPLETED];
        long failed = (long) s[CALLBACKS_FAILED];
        double handleTime = s[TALK] + s[HOLD] + s[WRAP_UP];
        StaffingAdvice advice = advice(s, Duration.between(start, end), target);
        return new Report.QueueRow(queue, start, end, offered, answered, (long) s[ANSWERED_IN_TARGET], abandoned,
                (long) s[ABANDONED_IN_TARGET], shortAbandoned, (long) s[CALLBACKS_REQUESTED], (long) s[NOT_SERVED],
                handled, completed, failed, target.percent(), target.seconds(),
                ratio(s[ANSWERED_IN_TARGET], answered),
                ratio(s[ANSWERED_IN_TARGET], answered + abandoned),
                ratio(s[ANSWERED_WAIT], answered),
                ratio(handleTime, handled), ratio(s[TALK], handled), ratio(s[HOLD], handled),
                ratio(s[WRAP_UP], handled),
                ratio(abandoned, offered - shortAbandoned),
                s[LONGEST_WAIT], (long) s[FCR_CONTACTS_ELAPSED], (long) s[FCR_REPEATED_ELAPSED],
                ratio(s[FCR_CONTACTS_ELAPSED] - s[FCR_REPEATED_ELAPSED], s[FCR_CONTACTS_ELAPSED]),
                (long) s[CSAT_COUNT], ratio(s[CSAT_SUM], s[CSAT_COUNT]), ratio(s[CSAT_TOP], s[CSAT_COUNT]),
                (long) s[NPS_COUNT], s[NPS_COUNT] == 0 ? null
                        : 100 * (s[NPS_PROMOTERS] - s[NPS_DETRACTORS]) / s[NPS_COUNT],
                (long) s[CES_COUNT], ratio(s[CES_SUM], s[CES_COUNT]),
                ratio(completed, completed + failed), staffed,
                advice == null ? null : advice.agents(), advice == null ? null : advice.model(),
                advice == null ? null : advice.predictedServiceLevel());
    }

    /**
     * The agents the interval needed for the target: arrival rate = offered / the interval's length, handle time =
     * the interval's AHT, abandonment = all abandons (short ones too) over offered, patience = the time every caller
     * who waited spent waiting over the abandons. None without calls offered or handled.
     */
    static StaffingAdvice advice(double[] s, Duration length, ServiceLevelTarget target) {
        double handled = s[HANDLED];
        if (s[OFFERED] == 0 || handled == 0 || target.percent() >= 100) {
            return null;
        }
        double aht = (s[TALK] + s[HOLD] + s[WRAP_UP]) / handled;
        if (aht <= 0) {
            return null;
        }
        double abandons = s[ABANDONED] + s[SHORT_ABANDONED];
        double waited = s[ANSWERED_WAIT] + s[ABANDONED_WAIT] + s[SHORT_WAIT];
        return Staffing.advise(s[OFFERED] / Math.max(1, length.toSeconds()), aht, target.seconds(),
                target.percent() / 100.0, abandons / s[OFFERED], abandons == 0 ? 0 : waited / abandons);
    }

    private static Double ratio(double numerator, double denominator) {
        return denominator <= 0 ? null : numerator / denominator;
    }
}
