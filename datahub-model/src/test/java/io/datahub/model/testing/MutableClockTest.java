package io.datahub.model.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void movesOnlyWhenTheTestSaysSo() {
        MutableClock clock = MutableClock.at("2026-01-05T10:00:00Z");
        assertEquals(Instant.parse("2026-01-05T10:00:00Z"), clock.instant());
        clock.advance(Duration.ofMinutes(90));
        assertEquals(Instant.parse("2026-01-05T11:30:00Z"), clock.instant());
        clock.set("2026-02-01T00:00:00Z");
        assertEquals(1769904000000L, clock.millis());
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertEquals(clock.instant(), clock.withZone(ZoneId.of("Europe/Berlin")).instant());
    }
}
