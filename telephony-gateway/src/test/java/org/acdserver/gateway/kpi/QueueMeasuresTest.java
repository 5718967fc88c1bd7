package org.acdserver.gateway.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.acdserver.gateway.config.ServiceLevelTarget;
import org.junit.jupiter.api.Test;

/** Every queue measure from its sums, as docs/kpi.md defines it. */
class QueueMeasuresTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant END = Instant.parse("2026-03-02T08:15:00Z");

    @Test
    void measuresFollowTheirFormulas() {
        double[] s = new double[QueueMeasures.SUMS];
        s[QueueMeasures.OFFERED] = 12;
        s[QueueMeasures.ANSWERED] = 8;
        s[QueueMeasures.ANSWERED_IN_TARGET] = 6;
        s[QueueMeasures.ANSWERED_WAIT] = 80;
        s[QueueMeasures.ABANDONED] = 2;
        s[QueueMeasures.SHORT_ABANDONED] = 1;
        s[QueueMeasures.CALLBACKS_REQUESTED] = 1;
        s[QueueMeasures.HANDLED] = 9;
        s[QueueMeasures.TALK] = 900;
        s[QueueMeasures.HOLD] = 90;
        s[QueueMeasures.WRAP_UP] = 270;
        s[QueueMeasures.CALLBACKS_COMPLETED] = 1;
        s[QueueMeasures.CALLBACKS_FAILED] = 1;
        s[QueueMeasures.FCR_CONTACTS_ELAPSED] = 8;
        s[QueueMeasures.FCR_REPEATED_ELAPSED] = 2;
        s[QueueMeasures.CSAT_COUNT] = 4;
        s[QueueMeasures.CSAT_SUM] = 15;
        s[QueueMeasures.CSAT_TOP] = 3;
        s[QueueMeasures.NPS_COUNT] = 4;
        s[QueueMeasures.NPS_PROMOTERS] = 2;
        s[QueueMeasures.NPS_DETRACTORS] = 1;
        s[QueueMeasures.CES_COUNT] = 2;
        s[QueueMeasures.CES_SUM] = 5;
        Report.QueueRow r = QueueMeasures.row("sales", START, END, s, new ServiceLevelTarget(80, 20, 5), 3.5);
        assertThat(r.serviceLevel()).isEqualTo(6.0 / 8);
        assertThat(r.serviceLevel2()).isEqualTo(6.0 / 10);
        assertThat(r.asaSeconds()).isEqualTo(10.0);
        assertThat(r.ahtSeconds()).isEqualTo(140.0);
        assertThat(r.talkSeconds()).isEqualTo(100.0);
        assertThat(r.abandonmentRate()).isEqualTo(2.0 / 11);
        assertThat(r.fcrRate()).isEqualTo(6.0 / 8);
        assertThat(r.csatMean()).isEqualTo(3.75);
        assertThat(r.csatTopShare()).isEqualTo(0.75);
        assertThat(r.nps()).isEqualTo(25.0);
        assertThat(r.cesMean()).isEqualTo(2.5);
        assertThat(r.callbackSuccessRate()).isEqualTo(0.5);
        assertThat(r.staffedAgents()).isEqualTo(3.5);
        // 12 calls in 15 minutes at 140 s each: 1.87 Erlangs; abandons (3 of 12) are significant: Erlang A.
        assertThat(r.advisedAgents()).isNotNull().isBetween(2, 6);
        assertThat(r.staffingModel()).isEqualTo("erlang-a");
        assertThat(r.predictedServiceLevel()).isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void measuresWithoutADenominatorAreNull() {
        double[] s = new double[QueueMeasures.SUMS];
        s[QueueMeasures.OFFERED] = 1;
        s[QueueMeasures.SHORT_ABANDONED] = 1;
        Report.QueueRow r = QueueMeasures.row("sales", START, END, s, new ServiceLevelTarget(80, 20, 5), 0);
        assertThat(r.serviceLevel()).isNull();
        assertThat(r.serviceLevel2()).isNull();
        assertThat(r.asaSeconds()).isNull();
        assertThat(r.ahtSeconds()).isNull();
        assertThat(r.abandonmentRate()).as("the one abandon was short: nothing left to divide by").isNull();
        assertThat(r.fcrRate()).isNull();
        assertThat(r.nps()).isNull();
        assertThat(r.advisedAgents()).isNull();
    }

    @Test
    void erlangCAdviceWhereFewAbandon() {
        double[] s = new double[QueueMeasures.SUMS];
        s[QueueMeasures.OFFERED] = 180;
        s[QueueMeasures.ANSWERED] = 180;
        s[QueueMeasures.HANDLED] = 180;
        s[QueueMeasures.TALK] = 180 * 240;
        Report.QueueRow r = QueueMeasures.row("sales", START, END, s, new ServiceLevelTarget(80, 15), 0);
        // 180 calls per quarter hour at 240 s: the textbook's 48 Erlangs, 55 agents for 80% in 15 s.
        assertThat(r.advisedAgents()).isEqualTo(55);
        assertThat(r.staffingModel()).isEqualTo("erlang-c");
        assertThat(r.predictedServiceLevel()).isCloseTo(0.846, within(0.001));
    }
}
