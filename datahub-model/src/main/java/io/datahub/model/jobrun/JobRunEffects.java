package io.datahub.model.jobrun;

import io.datahub.model.job.JobRunReport;
import io.datahub.model.notify.JobNotifications.JobNotification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a job runner must do after one or more events of its {@link JobRunBook}: start pipeline runs, report ended runs
 * and SLA breaches, send notifications. Lists are in the order the events happened.
 */
public final class JobRunEffects {

    /** What became of a completion. */
    public enum Completion {
        /** It moved its job run on. */
        APPLIED,
        /** Its pipeline attempt had already completed (or its job run had ended): nothing changed. */
        DUPLICATE,
        /** No job run of that id is known. */
        UNKNOWN,
        /** Not a completion. */
        NONE
    }

    private Completion completion = Completion.NONE;
    private final List<PipelineLaunch> launches = new ArrayList<>();
    private final List<JobRunReport> ended = new ArrayList<>();
    private final List<JobRunReport> slaBreaches = new ArrayList<>();
    private final List<JobNotification> notifications = new ArrayList<>();

    JobRunEffects() {
    }

    static JobRunEffects completion(Completion completion) {
        JobRunEffects effects = new JobRunEffects();
        effects.completion = completion;
        return effects;
    }

    void setCompletion(Completion completion) {
        this.completion = completion;
    }

    void launch(PipelineLaunch launch) {
        launches.add(launch);
    }

    void ended(JobRunReport report) {
        ended.add(report);
    }

    void slaBreach(JobRunReport report) {
        slaBreaches.add(report);
    }

    void notify(List<JobNotification> more) {
        notifications.addAll(more);
    }

    /** Adds the effects of a later event. */
    void addAll(JobRunEffects later) {
        launches.addAll(later.launches);
        ended.addAll(later.ended);
        slaBreaches.addAll(later.slaBreaches);
        notifications.addAll(later.notifications);
    }

    public Completion completion() {
        return completion;
    }

    public List<PipelineLaunch> launches() {
        return Collections.unmodifiableList(launches);
    }

    /** Reports of job runs that ended, as of their end. */
    public List<JobRunReport> ended() {
        return Collections.unmodifiableList(ended);
    }

    /** Reports of job runs that breached their SLA, as of the moment it was noticed. */
    public List<JobRunReport> slaBreaches() {
        return Collections.unmodifiableList(slaBreaches);
    }

    public List<JobNotification> notifications() {
        return Collections.unmodifiableList(notifications);
    }

    public boolean isEmpty() {
        return launches.isEmpty() && ended.isEmpty() && slaBreaches.isEmpty() && notifications.isEmpty();
    }
}
