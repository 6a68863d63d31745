package io.datahub.model.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every expected instant is written by hand from the zone rules: Europe/Berlin goes CET -> CEST on
 * 2026-03-29 at 01:00Z (02:00 local becomes 03:00) and back on 2026-10-25 at 01:00Z (03:00 local becomes
 * 02:00); America/New_York goes EST -> EDT on 2026-03-08 at 07:00Z and back on 2026-11-01 at 06:00Z.
 */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> instants(List<ZonedDateTime> slots) {
        return slots.stream().map(ZonedDateTime::toInstant).toList();
    }

    private static List<Instant> instants(String... texts) {
        return java.util.Arrays.stream(texts).map(Instant::parse).toList();
    }

    private static List<Instant> between(String cron, ZoneId zone, String after, String until) {
        return instants(CronSchedule.parse(cron, zone).between(at(after), at(until)));
    }

    @Nested
    class SpringForward {

        @Test
        void aDailySlotInTheMissingHourFiresOnceAtTheEndOfTheGap() {
            CronSchedule schedule = CronSchedule.parse("30 2 * * *", BERLIN);
            List<ZonedDateTime> slots = schedule.between(at("2026-03-27T12:00:00Z"), at("2026-03-31T12:00:00Z"));
            assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"),
                    instants(slots));
            ZonedDateTime gap = slots.get(1);
            assertEquals("2026-03-29T03:00+02:00[Europe/Berlin]", gap.toString());
            assertEquals(LocalDate.of(2026, 3, 29), gap.toLocalDate(), "run date: the slot's local date");
        }

        @Test
        void slotsInTheGapAndTheFirstSlotAfterItFireOnce() {
            // 02:00 and 02:30 do not exist; they fire at 03:00 CEST, together with the 03:00 slot: once.
            assertEquals(instants("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z"),
                    between("*/30 * * * *", BERLIN, "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"));
        }

        @Test
        void aShiftedSlotNeverFiresAfterALaterOne() {
            // 02:15 and 02:45 fire at 03:00 CEST (01:00Z), before 03:15 (01:15Z) and 03:45 (01:45Z).
            assertEquals(instants("2026-03-28T01:15:00Z", "2026-03-28T01:45:00Z", "2026-03-28T02:15:00Z", "2026-03-28T02:45:00Z",
                            "2026-03-29T01:00:00Z", "2026-03-29T01:15:00Z", "2026-03-29T01:45:00Z"),
                    between("15,45 2,3 * * *", BERLIN, "2026-03-27T12:00:00Z", "2026-03-29T12:00:00Z"));
        }

        @Test
        void newYork() {
            assertEquals(instants("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"),
                    between("30 2 * * *", NEW_YORK, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"));
        }
    }

    @Nested
    class FallBack {

        @Test
        void aDailySlotInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
            CronSchedule schedule = CronSchedule.parse("30 2 * * *", BERLIN);
            List<ZonedDateTime> slots = schedule.between(at("2026-10-23T12:00:00Z"), at("2026-10-26T12:00:00Z"));
            assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"), instants(slots));
            assertEquals("2026-10-25T02:30+02:00[Europe/Berlin]", slots.get(1).toString());
        }

        @Test
        void wildcardHoursDoNotFireTheRepeatedHourTwice() {
            // 02:00 and 02:30 CEST fire; 02:00 and 02:30 CET (01:00Z, 01:30Z) are the same wall-clock slots: not again.
            assertEquals(instants("2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z",
                            "2026-10-25T02:30:00Z"),
                    between("*/30 * * * *", BERLIN, "2026-10-24T23:00:00Z", "2026-10-25T02:30:00Z"));
        }

        @Test
        void fromInsideTheSecondPassTheNextSlotIsAfterTheRepeatedHour() {
            CronSchedule schedule = CronSchedule.parse("*/30 * * * *", BERLIN);
            // 2026-10-25T01:10Z is 02:10 CET, the second pass.
            assertEquals(at("2026-10-25T02:00:00Z"), schedule.next(at("2026-10-25T01:10:00Z")).orElseThrow().toInstant());
            // 01:40Z is 02:40 CET: the last slot fired was 02:30 CEST (00:30Z), not 02:30 CET.
            assertEquals(at("2026-10-25T00:30:00Z"), schedule.latest(at("2026-10-25T01:40:00Z")).orElseThrow().toInstant());
        }

        @Test
        void newYork() {
            assertEquals(instants("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                    between("30 1 * * *", NEW_YORK, "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z"));
        }
    }

    @Nested
    class Calendar {

        @Test
        void day31FiresOnlyInMonthsThatHaveIt() {
            assertEquals(instants("2026-01-31T06:00:00Z", "2026-03-31T06:00:00Z", "2026-05-31T06:00:00Z", "2026-07-31T06:00:00Z",
                            "2026-08-31T06:00:00Z", "2026-10-31T06:00:00Z", "2026-12-31T06:00:00Z"),
                    between("0 6 31 * *", UTC, "2026-01-01T00:00:00Z", "2026-12-31T23:59:00Z"));
        }

        @Test
        void lastDayOfMonthIsNotPartOfTheUnixCron() {
            assertEquals("is not a 5-field cron expression (minute hour day-of-month month day-of-week): Failed to parse cron"
                    + " expression. Invalid chars in expression! Expression: L Invalid chars: L", CronSchedule.problem("0 6 L * *"));
        }

        @Test
        void aDayThatNeverComesIsAProblem() {
            assertEquals("never fires: no date has that day of the month in those months", CronSchedule.problem("0 0 30 2 *"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 31 4,6 *", UTC));
            assertEquals("schedule '0 0 31 4,6 *' never fires: no date has that day of the month in those months", e.getMessage());
        }

        @Test
        void otherProblems() {
            assertEquals("is not a 5-field cron expression (minute hour day-of-month month day-of-week): found 6 fields",
                    CronSchedule.problem("0 0 6 * * ?"));
            assertEquals("is empty", CronSchedule.problem(" "));
            assertNull(CronSchedule.problem(" 0 2 * * * "));
        }

        @Test
        void leapDayComesEveryFourYears() {
            CronSchedule schedule = CronSchedule.parse("0 6 29 2 *", UTC);
            ZonedDateTime first = schedule.next(at("2026-01-01T00:00:00Z")).orElseThrow();
            assertEquals(at("2028-02-29T06:00:00Z"), first.toInstant());
            assertEquals(at("2032-02-29T06:00:00Z"), schedule.next(first.toInstant()).orElseThrow().toInstant());
        }

        @Test
        void midnightInBerlinAroundTheLeapDayRunsForTheLocalDate() {
            List<ZonedDateTime> slots = CronSchedule.parse("0 0 * * *", BERLIN).between(at("2028-02-27T23:00:00Z"), at("2028-03-01T23:00:00Z"));
            assertEquals(instants("2028-02-28T23:00:00Z", "2028-02-29T23:00:00Z", "2028-03-01T23:00:00Z"), instants(slots));
            assertEquals(List.of(LocalDate.of(2028, 2, 29), LocalDate.of(2028, 3, 1), LocalDate.of(2028, 3, 2)),
                    slots.stream().map(ZonedDateTime::toLocalDate).toList());
        }

        @Test
        void dayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
            // 2026-01-01 is a Thursday; "days 1-7, or Mondays": Jan 1, 2, 3 ..., then Monday Jan 12.
            assertEquals(instants("2026-01-07T06:00:00Z", "2026-01-12T06:00:00Z", "2026-01-19T06:00:00Z"),
                    between("0 6 1-7 * 1", UTC, "2026-01-06T12:00:00Z", "2026-01-20T00:00:00Z"));
        }

        @Test
        void latestIsAtOrBefore() {
            CronSchedule schedule = CronSchedule.parse("0 2 * * *", UTC);
            assertEquals(at("2026-01-05T02:00:00Z"), schedule.latest(at("2026-01-05T02:00:00Z")).orElseThrow().toInstant());
            assertEquals(at("2026-01-04T02:00:00Z"), schedule.latest(at("2026-01-05T01:59:59.999Z")).orElseThrow().toInstant());
            assertEquals(at("2026-01-05T02:00:00Z"), schedule.next(at("2026-01-04T02:00:00Z")).orElseThrow().toInstant());
        }
    }

    @Nested
    class Due {

        private final CronSchedule daily = CronSchedule.parse("0 2 * * *", UTC);

        private List<Instant> emit(CronSchedule schedule, String handledUntil, String now, MissedSlots policy) {
            return instants(schedule.due(handledUntil == null ? null : at(handledUntil), at(now), policy, FIVE_MINUTES).emit());
        }

        @Test
        void aScheduleSeenForTheFirstTimeHasNothingDue() {
            assertEquals(DueSlots.NONE, daily.due(null, at("2026-01-05T02:00:00Z"), MissedSlots.CATCH_UP_ONCE, FIVE_MINUTES));
        }

        @Test
        void aSlotIsDueOnceAtItsTime() {
            assertEquals(instants("2026-01-06T02:00:00Z"), emit(daily, "2026-01-06T01:59:30Z", "2026-01-06T02:00:00Z", MissedSlots.SKIP));
            assertEquals(List.of(), emit(daily, "2026-01-06T02:00:00Z", "2026-01-06T02:00:30Z", MissedSlots.SKIP));
        }

        @Test
        void aSlotFoundWithinMissedAfterIsOnTime() {
            assertEquals(instants("2026-01-06T02:00:00Z"), emit(daily, "2026-01-06T01:59:30Z", "2026-01-06T02:05:00Z", MissedSlots.SKIP));
            assertEquals(List.of(), emit(daily, "2026-01-06T01:59:30Z", "2026-01-06T02:05:01Z", MissedSlots.SKIP));
            DueSlots late = daily.due(at("2026-01-06T01:59:30Z"), at("2026-01-06T02:05:01Z"), MissedSlots.CATCH_UP_ONCE, FIVE_MINUTES);
            assertEquals(instants("2026-01-06T02:00:00Z"), instants(late.emit()));
            assertEquals(at("2026-01-06T02:00:00Z"), late.oldestMissed().toInstant());
            assertEquals(at("2026-01-06T02:00:00Z"), late.latestMissed().toInstant());
        }

        @Test
        void afterDowntimeCatchUpEmitsTheMostRecentMissedSlotOnce() {
            DueSlots due = daily.due(at("2026-01-05T02:00:10Z"), at("2026-01-08T01:00:00Z"), MissedSlots.CATCH_UP_ONCE, FIVE_MINUTES);
            assertEquals(instants("2026-01-07T02:00:00Z"), instants(due.emit()));
            assertEquals(at("2026-01-06T02:00:00Z"), due.oldestMissed().toInstant());
            assertEquals(at("2026-01-07T02:00:00Z"), due.latestMissed().toInstant());
            assertTrue(due.missedAny());
        }

        @Test
        void afterDowntimeSkipEmitsNone() {
            DueSlots due = daily.due(at("2026-01-05T02:00:10Z"), at("2026-01-08T01:00:00Z"), MissedSlots.SKIP, FIVE_MINUTES);
            assertEquals(List.of(), due.emit());
            assertEquals(at("2026-01-06T02:00:00Z"), due.oldestMissed().toInstant());
            assertEquals(at("2026-01-07T02:00:00Z"), due.latestMissed().toInstant());
        }

        @Test
        void anOnTimeSlotIsEmittedUnderBothPoliciesBesidesTheCatchUp() {
            assertEquals(instants("2026-01-07T02:00:00Z", "2026-01-08T02:00:00Z"),
                    emit(daily, "2026-01-05T02:00:10Z", "2026-01-08T02:03:00Z", MissedSlots.CATCH_UP_ONCE));
            assertEquals(instants("2026-01-08T02:00:00Z"), emit(daily, "2026-01-05T02:00:10Z", "2026-01-08T02:03:00Z", MissedSlots.SKIP));
        }

        @Test
        void everyOnTimeSlotOfAFrequentScheduleIsEmitted() {
            CronSchedule minutely = CronSchedule.parse("* * * * *", UTC);
            // Missed: 10:01, 10:02 (more than 5 minutes before 10:07:30); on time: 10:03 .. 10:07.
            assertEquals(instants("2026-01-05T10:02:00Z", "2026-01-05T10:03:00Z", "2026-01-05T10:04:00Z", "2026-01-05T10:05:00Z",
                            "2026-01-05T10:06:00Z", "2026-01-05T10:07:00Z"),
                    emit(minutely, "2026-01-05T10:00:30Z", "2026-01-05T10:07:30Z", MissedSlots.CATCH_UP_ONCE));
            assertEquals(instants("2026-01-05T10:03:00Z", "2026-01-05T10:04:00Z", "2026-01-05T10:05:00Z", "2026-01-05T10:06:00Z",
                            "2026-01-05T10:07:00Z"),
                    emit(minutely, "2026-01-05T10:00:30Z", "2026-01-05T10:07:30Z", MissedSlots.SKIP));
        }

        @Test
        void aClockThatWentBackHasNothingDue() {
            assertEquals(List.of(), emit(daily, "2026-01-06T02:00:10Z", "2026-01-06T01:00:00Z", MissedSlots.CATCH_UP_ONCE));
        }

        @Test
        void missedSlotsAcrossTheRepeatedHourAreCaughtUpOnce() {
            CronSchedule halfHourly = CronSchedule.parse("*/30 * * * *", BERLIN);
            // Down from 01:05 CEST (23:05Z) to 02:40 CET (01:40Z): missed 01:30, 02:00, 02:30 CEST; the latest is 00:30Z.
            DueSlots due = halfHourly.due(at("2026-10-24T23:05:00Z"), at("2026-10-25T01:40:00Z"), MissedSlots.CATCH_UP_ONCE, FIVE_MINUTES);
            assertEquals(instants("2026-10-25T00:30:00Z"), instants(due.emit()));
            assertEquals(at("2026-10-24T23:30:00Z"), due.oldestMissed().toInstant());
        }
    }

    @Nested
    class NoDuplicates {

        /** Triggers at the given instants, each handling (previous trigger, now]; returns every emitted slot. */
        private List<Instant> simulate(CronSchedule schedule, List<Instant> triggers) {
            List<Instant> emitted = new ArrayList<>();
            Instant handledUntil = null;
            for (Instant now : triggers) {
                emitted.addAll(instants(schedule.due(handledUntil, now, MissedSlots.CATCH_UP_ONCE, FIVE_MINUTES).emit()));
                handledUntil = now;
            }
            return emitted;
        }

        private List<Instant> every(String from, String to, long... stepsSeconds) {
            List<Instant> triggers = new ArrayList<>();
            Instant t = at(from);
            for (int i = 0; !t.isAfter(at(to)); i++) {
                triggers.add(t);
                t = t.plusSeconds(stepsSeconds[i % stepsSeconds.length]);
            }
            return triggers;
        }

        @Test
        void everySlotOnceThroughTheFallBackNightWithRegularTriggers() {
            List<Instant> emitted = simulate(CronSchedule.parse("*/30 * * * *", BERLIN), every("2026-10-24T22:00:00Z", "2026-10-25T03:00:00Z", 30));
            assertEquals(instants("2026-10-24T22:30:00Z", "2026-10-24T23:00:00Z", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z",
                    "2026-10-25T00:30:00Z", "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z", "2026-10-25T03:00:00Z"), emitted);
        }

        @Test
        void everySlotOnceThroughTheSpringNightWithIrregularTriggers() {
            List<Instant> emitted = simulate(CronSchedule.parse("*/30 * * * *", BERLIN),
                    every("2026-03-28T23:00:07Z", "2026-03-29T03:00:00Z", 17, 43, 61, 5, 29));
            assertEquals(instants("2026-03-28T23:30:00Z", "2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z",
                    "2026-03-29T01:30:00Z", "2026-03-29T02:00:00Z", "2026-03-29T02:30:00Z"), emitted);
            assertEquals(emitted.size(), new HashSet<>(emitted).size());
        }

        @Test
        void aYearOfDailySlotsInNewYorkEachOnce() {
            List<Instant> emitted = simulate(CronSchedule.parse("30 1 * * *", NEW_YORK),
                    every("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 7200, 3600, 10800));
            assertEquals(365, emitted.size());
            assertEquals(365, new HashSet<>(emitted).size());
            assertEquals(at("2026-11-01T05:30:00Z"), emitted.get(304));  // Nov 1, first 01:30 (EDT)
            assertEquals(at("2026-11-02T06:30:00Z"), emitted.get(305));
        }
    }

    @Test
    void runIdsNameTheSlotInItsZone() {
        assertEquals("retail_daily-20260115T0330+0100",
                CronSchedule.runId("retail_daily", ZonedDateTime.of(2026, 1, 15, 3, 30, 0, 0, BERLIN)));
        assertEquals("customer_master-20260105T0200+0000",
                CronSchedule.runId("customer_master", ZonedDateTime.of(2026, 1, 5, 2, 0, 0, 0, UTC)));
        // The two 02:30 of 2026-10-25 in Berlin would differ by their offset; only the first fires.
        assertEquals("x-20261025T0230+0200", CronSchedule.runId("x", CronSchedule.parse("30 2 * * *", BERLIN)
                .next(at("2026-10-24T12:00:00Z")).orElseThrow()));
    }

    @Test
    void cursorsRoundTripAndApplyOnlyToTheirCronAndZone() {
        ScheduleCursor cursor = new ScheduleCursor(at("2026-01-05T02:00:10.123Z"), at("2026-01-05T02:00:00Z"), BERLIN, "0 2 * * *");
        assertEquals("handledUntil=2026-01-05T02:00:10.123Z;lastSlot=2026-01-05T02:00:00Z;zone=Europe/Berlin;cron=0 2 * * *", cursor.format());
        assertEquals(Optional.of(cursor), ScheduleCursor.parse(cursor.format()));
        ScheduleCursor first = new ScheduleCursor(at("2026-01-05T02:00:10Z"), null, UTC, "0 2 * * *");
        assertEquals(Optional.of(first), ScheduleCursor.parse("handledUntil=2026-01-05T02:00:10Z;lastSlot=;zone=Z;cron=0 2 * * *"));
        assertTrue(cursor.appliesTo(" 0 2 * * * ", BERLIN));
        assertEquals(false, cursor.appliesTo("0 3 * * *", BERLIN));
        assertEquals(false, cursor.appliesTo("0 2 * * *", UTC));
        assertEquals(Optional.empty(), ScheduleCursor.parse("2026-01-05T02:00:10Z"));
        assertEquals(Optional.empty(), ScheduleCursor.parse("handledUntil=yesterday;lastSlot=;zone=UTC;cron=0 2 * * *"));
        assertEquals(Optional.empty(), ScheduleCursor.parse("handledUntil=2026-01-05T02:00:10Z;lastSlot=;zone=Mars/Base;cron=0 2 * * *"));
    }
}
