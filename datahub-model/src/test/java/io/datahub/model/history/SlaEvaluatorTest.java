package io.datahub.model.history;

import static io.datahub.model.history.SlaEvaluator.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaEvaluatorTest {

    private static final Instant FROM = Instant.parse("2024-03-05T10:00:00Z");

    private static Instant plusMinutes(long minutes) {
        return FROM.plusSeconds(minutes * 60);
    }

    @Test
    void noUsableSlaIsUnknown() {
        assertEquals(SlaStatus.UNKNOWN, evaluate(null, FROM, plusMinutes(1), plusMinutes(2)));
        assertEquals(SlaStatus.UNKNOWN, evaluate("  ", FROM, plusMinutes(1), plusMinutes(2)));
        assertEquals(SlaStatus.UNKNOWN, evaluate("2 hours", FROM, plusMinutes(500), plusMinutes(500)));
        assertEquals(SlaStatus.UNKNOWN, evaluate("-PT1H", FROM, plusMinutes(1), plusMinutes(2)));
    }

    @Test
    void noStartIsUnknown() {
        assertEquals(SlaStatus.UNKNOWN, evaluate("PT1H", null, plusMinutes(1), plusMinutes(2)));
    }

    @Test
    void finishedWithinOrExactlyAtTheSlaMetIt() {
        assertEquals(SlaStatus.MET, evaluate("PT1H", FROM, plusMinutes(59), plusMinutes(500)));
        assertEquals(SlaStatus.MET, evaluate("PT1H", FROM, plusMinutes(60), plusMinutes(500)));
        assertEquals(SlaStatus.MET, evaluate(" PT0S ", FROM, FROM, null));
    }

    @Test
    void finishedLateBreachedIt() {
        assertEquals(SlaStatus.BREACHED, evaluate("PT1H", FROM, plusMinutes(60).plusMillis(1), plusMinutes(61)));
        // "now" does not matter once finished
        assertEquals(SlaStatus.BREACHED, evaluate("PT1H", FROM, plusMinutes(61), FROM));
    }

    @Test
    void stillRunningPastTheSlaHasBreachedIt() {
        assertEquals(SlaStatus.BREACHED, evaluate("PT1H", FROM, null, plusMinutes(60).plusMillis(1)));
        assertEquals(SlaStatus.BREACHED, evaluate("P1D", FROM, null, plusMinutes(24 * 60 + 1)));
    }

    @Test
    void stillRunningWithinTheSlaIsUnknown() {
        assertEquals(SlaStatus.UNKNOWN, evaluate("PT1H", FROM, null, plusMinutes(60)));
        assertEquals(SlaStatus.UNKNOWN, evaluate("PT1H", FROM, null, plusMinutes(1)));
        assertEquals(SlaStatus.UNKNOWN, evaluate("PT1H", FROM, null, null));
    }
}
