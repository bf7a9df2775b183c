package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// waitFor says what is waited for, and which setting bounds the wait.
type waitFor struct {
	what        string // "refresh" or "prefetch"
	timeoutAttr string // "timeouts.create" or "timeout"
	timeout     time.Duration
	// next says what the next apply does with tasks not waited for to
	// the end; empty when it submits again.
	next string
	// failed says what follows a failed path; empty: the next apply
	// submits again.
	failed string
	// always: waiting is what the resource does, with no
	// wait_for_completion to turn it off.
	always bool
}

// waitForTasks follows the tasks' entries for paths until they end or ctx
// does, logging progress and passing it to progress when set, and returns
// the last status seen ("" when none was). A failed path, a timeout or a
// failed look-up is reported in diags. Other paths of a merged task ID
// (another resource's) do not count.
func waitForTasks(ctx context.Context, client *alibaba.Client, w waitFor, svc refresh.Service, ids, paths []string, diags *diag.Diagnostics, progress func(refresh.Progress)) string {
	what := w.what
	taskID := strings.Join(ids, ",")
	p, err := client.Wait(ctx, svc, ids, paths, refresh.DefaultBackoff, func(p refresh.Progress) {
		tflog.Info(ctx, "waiting for the "+what, map[string]any{
			"task_ids": taskID, "status": p.Status, "percent": p.Percent, "paths_reported": len(p.Tasks),
		})
		if progress != nil {
			progress(p)
		}
	})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		stop := ", or set wait_for_completion = false to stop waiting"
		if w.always {
			stop = ""
		}
		detail := fmt.Sprintf("Task %s was still %s (%d%%) after %s. It was submitted and goes on; the state keeps its task IDs. "+
			"Raise %s%s.", taskID, orRefreshing(p.Status), p.Percent, w.timeout, w.timeoutAttr, stop)
		if w.next != "" {
			detail += " " + w.next
		}
		if len(p.Missing) > 0 {
			// Alibaba keeps tasks three days: one it does not report is
			// either that old, and never reported again, or too new.
			detail += fmt.Sprintf("\n\nAlibaba Cloud reported nothing of task %s. It keeps tasks for three days: "+
				"waiting for an older task times out again, so leave it out of task_ids.", strings.Join(p.Missing, ", "))
		}
		if cause := lookupFailure(err); cause != nil {
			detail += "\n\nLooking the tasks up was failing when the time ran out: " + explain(cause)
		}
		diags.AddError("Timed out waiting for the "+what, detail)
	case errors.Is(err, context.Canceled):
		detail := fmt.Sprintf("The apply was interrupted while task %s was still %s (%d%%). It was submitted and goes on; the state keeps its task IDs.",
			taskID, orRefreshing(p.Status), p.Percent)
		if w.next != "" {
			detail += " " + w.next
		}
		diags.AddError("Stopped waiting for the "+what, detail)
	case err != nil:
		detail := fmt.Sprintf("Task %s was submitted but looking it up failed: %s", taskID, explain(err))
		if w.next != "" {
			detail += "\n\n" + w.next
		}
		diags.AddError("Cannot follow the "+what, detail)
	case p.Status == refresh.StatusFailed:
		failed := w.failed
		if failed == "" {
			failed = "the state keeps the task IDs, and the next apply sends it again"
		}
		diags.AddError("The "+what+" failed", "Alibaba Cloud reports failed paths; "+failed+":\n"+p.Failures())
	}
	return p.Status
}

// lookupFailure is the failed look-up a wait's error carries, if any.
func lookupFailure(err error) error {
	var apiErr *alibaba.APIError
	var te *alibaba.TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &te):
		return te
	}
	return nil
}

func orRefreshing(status string) string {
	if status == "" {
		return refresh.StatusRefreshing
	}
	return status
}

// currentStatus looks the tasks up for Read, judging their entries for
// paths only (see refresh.OwnTasks). It reports false, and the caller keeps
// its last known status, when there is nothing to tell: no client yet, a
// look-up that failed, or tasks Alibaba no longer keeps.
func currentStatus(ctx context.Context, client *alibaba.Client, service, taskID string, paths []string) (string, bool) {
	ids := refresh.SplitTaskIDs(taskID)
	svc, err := refresh.ParseService(service)
	if client == nil || err != nil || len(ids) == 0 {
		return "", false
	}
	tasks, err := client.TasksByID(ctx, svc, ids)
	if err != nil {
		tflog.Warn(ctx, "cannot look the tasks up; keeping their last known status", map[string]any{"task_id": taskID, "error": err.Error()})
		return "", false
	}
	tasks = refresh.OwnTasks(paths, tasks)
	if len(tasks) == 0 {
		return "", false // aged out of Alibaba's history
	}
	// IDs missing here aged out before the others: judge by those reported.
	var reported []string
	for _, t := range tasks {
		reported = append(reported, t.ID)
	}
	return refresh.Summarize(reported, tasks).Status, true
}
