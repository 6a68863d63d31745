package io.datahub.model.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code <schedule>} (5-field Unix cron) in a time zone, and the slots it fires at. Pure functions: the
 * caller passes the times.
 *
 * <p>The cron matches wall-clock times of the zone (a <em>local slot</em>); each local slot fires once, at:
 * <ul>
 *   <li>its instant, when the local time exists once;</li>
 *   <li>the earlier of its two instants when the clocks go back and the time exists twice (the repeated
 *       hour fires once, at its first occurrence);</li>
 *   <li>the end of the gap when the clocks go forward and the time does not exist (02:30 Europe/Berlin on
 *       2026-03-29 fires at 03:00 CEST); slots that land on the same instant fire once.</li>
 * </ul>
 * So a slot's instant never decreases as its local time increases, and "the slots after instant t" is
 * well defined. java.time resolves a missing time by shifting it by the gap's length (02:30 -> 03:30);
 * this class does not, because that would fire a 02:45 slot after a 03:15 one.
 *
 * <p>cron-utils (the {@link #DEFINITION unix definition}, which the validator uses too) does the matching;
 * it is asked in UTC, where every local time exists once, and this class maps local slots to instants.
 * Evaluated directly in a DST zone, cron-utils drops slots in the gap and fires wildcard-hour slots in both
 * occurrences of the repeated hour.
 */
public final class CronSchedule {

    /** The one cron definition of the product: 5-field Unix (minute hour day-of-month month day-of-week). */
    public static final CronDefinition DEFINITION = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    private static final CronParser PARSER = new CronParser(DEFINITION);
    /** A fixed reference: "never fires" is checked from here on. */
    private static final ZonedDateTime NEVER_CHECK_FROM = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final DateTimeFormatter SLOT_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmxx");

    private final String expression;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final ExecutionTime execution;

    private CronSchedule(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.rules = zone.getRules();
        this.execution = ExecutionTime.forCron(cron);
    }

    /**
     * @throws IllegalArgumentException when the expression is not a 5-field cron that fires (the message is
     *                                  {@link #problem(String)}'s)
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String problem = problem(expression);
        if (problem != null) {
            throw new IllegalArgumentException("schedule '" + expression + "' " + problem);
        }
        return new CronSchedule(expression.strip(), zone, PARSER.parse(expression.strip()));
    }

    /**
     * Why an expression is not a usable schedule, or null when it is: the field count, cron-utils' parse
     * error, or a day that never comes (such as {@code 0 0 30 2 *}).
     */
    public static String problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return "is empty";
        }
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            return "is not a 5-field cron expression (minute hour day-of-month month day-of-week): found "
                    + fields.length + " field" + (fields.length == 1 ? "" : "s");
        }
        Cron cron;
        try {
            cron = PARSER.parse(expression.strip()).validate();
        } catch (IllegalArgumentException e) {
            return "is not a 5-field cron expression (minute hour day-of-month month day-of-week): " + e.getMessage();
        }
        if (ExecutionTime.forCron(cron).nextExecution(NEVER_CHECK_FROM).isEmpty()) {
            return "never fires: no date has that day of the month in those months";
        }
        return null;
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first slot strictly after {@code after}; empty only for a cron that never fires again. */
    public Optional<ZonedDateTime> next(Instant after) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        // Every local slot up to local(after) fires at or before after; later ones fire after it, except
        // those in the second pass of a repeated hour (they fire at their first pass): skip those.
        while (true) {
            Optional<LocalDateTime> slot = localNext(local);
            if (slot.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime fires = fire(slot.get());
            if (fires.toInstant().isAfter(after)) {
                return Optional.of(fires);
            }
            local = slot.get();
        }
    }

    /** The last slot at or before {@code atOrBefore}; empty when there is none (in the years cron-utils looks back). */
    public Optional<ZonedDateTime> latest(Instant atOrBefore) {
        LocalDateTime local = LocalDateTime.ofInstant(atOrBefore, zone);
        Optional<LocalDateTime> found = localPrevious(local.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime best = found.get();
        // In the second pass of a repeated hour, later local slots fired in the first pass, before atOrBefore.
        for (Optional<LocalDateTime> n = localNext(best); n.isPresent() && !fire(n.get()).toInstant().isAfter(atOrBefore);
             n = localNext(n.get())) {
            best = n.get();
        }
        return Optional.of(fire(best));
    }

    /** The slots in (after, until], in order, each once. */
    public List<ZonedDateTime> between(Instant after, Instant until) {
        List<ZonedDateTime> slots = new ArrayList<>();
        Optional<ZonedDateTime> slot = next(after);
        while (slot.isPresent() && !slot.get().toInstant().isAfter(until)) {
            slots.add(slot.get());
            slot = next(slot.get().toInstant());
        }
        return slots;
    }

    /**
     * The slots to emit now.
     *
     * <p>Every slot in (handledUntil, now] is due once. A due slot found no more than {@code missedAfter}
     * after its time is on time and always emitted. Older ones were missed (NiFi was down or stopped, or the
     * processor ran late): {@link MissedSlots#CATCH_UP_ONCE} emits the most recent of them, once;
     * {@link MissedSlots#SKIP} emits none. A null {@code handledUntil} (a schedule seen for the first time)
     * has nothing due: its slots start after now.
     *
     * @param handledUntil up to when slots were already handled (emitted or dropped), or null
     * @param now          the current time; the caller then records it as handled
     */
    public DueSlots due(Instant handledUntil, Instant now, MissedSlots policy, Duration missedAfter) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(policy, "policy");
        if (missedAfter.isNegative()) {
            throw new IllegalArgumentException("missedAfter must not be negative: " + missedAfter);
        }
        if (handledUntil == null || !now.isAfter(handledUntil)) {
            return DueSlots.NONE;
        }
        Instant lateBefore = now.minus(missedAfter);  // a slot before this is missed
        Instant onTimeAfter = handledUntil.isAfter(lateBefore.minusNanos(1)) ? handledUntil : lateBefore.minusNanos(1);
        List<ZonedDateTime> onTime = between(onTimeAfter, now);
        ZonedDateTime latestMissed = latest(lateBefore.minusNanos(1))
                .filter(slot -> slot.toInstant().isAfter(handledUntil)).orElse(null);
        if (latestMissed == null) {
            return new DueSlots(onTime, null, null);
        }
        ZonedDateTime oldestMissed = next(handledUntil).orElseThrow();
        List<ZonedDateTime> emit = new ArrayList<>();
        if (policy == MissedSlots.CATCH_UP_ONCE) {
            emit.add(latestMissed);
        }
        emit.addAll(onTime);
        return new DueSlots(emit, oldestMissed, latestMissed);
    }

    /**
     * A run id that names the slot, so a run is recognisable by its definition and slot:
     * {@code <id>-<yyyyMMdd>T<HHmm><offset>} in the slot's zone, e.g. {@code retail_daily-20260115T0330+0100}.
     */
    public static String runId(String definitionId, ZonedDateTime slot) {
        return definitionId + "-" + SLOT_ID.format(slot);
    }

    /** The instant a local slot fires at (see the class comment). */
    ZonedDateTime fire(LocalDateTime slot) {
        ZoneOffsetTransition transition = rules.getTransition(slot);
        if (transition == null) {
            return ZonedDateTime.ofLocal(slot, zone, null);
        }
        if (transition.isGap()) {
            return ZonedDateTime.ofInstant(transition.getInstant(), zone);
        }
        return ZonedDateTime.ofLocal(slot, zone, transition.getOffsetBefore());
    }

    /** The first local slot strictly after {@code local} (evaluated in UTC, where every local time exists once). */
    private Optional<LocalDateTime> localNext(LocalDateTime local) {
        return execution.nextExecution(local.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    /** The last local slot strictly before {@code local}. */
    private Optional<LocalDateTime> localPrevious(LocalDateTime local) {
        return execution.lastExecution(local.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    @Override
    public String toString() {
        return "'" + expression + "' in " + zone;
    }
}
