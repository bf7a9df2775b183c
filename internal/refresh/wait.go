package refresh

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Backoff is the schedule of look-ups while waiting: the first after
// Initial, each later one Factor times the last wait, never more than Max.
type Backoff struct {
	Initial time.Duration
	Factor  float64
	Max     time.Duration
}

// DefaultBackoff sees a task that finishes early within about a second and
// looks no more often than every 30 s once a task has run for a minute.
var DefaultBackoff = Backoff{Initial: time.Second, Factor: 2, Max: 30 * time.Second}

// Next is the wait after one of d (0: the first wait).
func (b Backoff) Next(d time.Duration) time.Duration {
	if d <= 0 {
		return b.Initial
	}
	return min(time.Duration(float64(d)*b.Factor), b.Max)
}

// Progress is where a refresh's tasks stand.
type Progress struct {
	Status  string   // StatusPending, StatusRefreshing, StatusComplete or StatusFailed
	Percent int      // mean Process of the paths reported
	Tasks   []Task   // every path reported
	Missing []string // task IDs the look-up does not report
}

// Summarize reduces the paths of the given task IDs to one status: Failed
// if any path failed, Complete once every ID is reported and every path is
// complete, Pending while every path reported is still Pending, Refreshing
// otherwise. A status the look-ups do not document counts as Refreshing:
// unfinished, so that waiting goes on.
func Summarize(ids []string, tasks []Task) Progress {
	p := Progress{Status: StatusComplete, Tasks: tasks}
	seen := map[string]bool{}
	sum, pending := 0, 0
	for _, t := range tasks {
		seen[t.ID] = true
		n, _ := strconv.Atoi(strings.TrimSuffix(t.Process, "%"))
		sum += n
		switch {
		case t.Status == StatusFailed:
			p.Status = StatusFailed
		case t.Status != StatusComplete && p.Status != StatusFailed:
			p.Status = StatusRefreshing
		}
		if t.Status == StatusPending {
			pending++
		}
	}
	for _, id := range ids {
		if !seen[id] {
			p.Missing = append(p.Missing, id)
		}
	}
	if len(p.Missing) > 0 && p.Status == StatusComplete {
		p.Status = StatusRefreshing
	}
	if p.Status == StatusRefreshing && pending > 0 && pending == len(tasks) {
		p.Status = StatusPending
	}
	if len(tasks) > 0 {
		p.Percent = sum / len(tasks)
	}
	return p
}

// OwnTasks keeps, of the tasks looked up by ID, the entries for the given
// paths (by Target). Alibaba gives URL refreshes of one domain submitted in
// the same second one task ID, so a task may list other resources' paths
// too: a resource judges only its own. A task ID none of whose entries
// names one of the paths is kept whole: the look-up reports them in a form
// Target does not know, and judging the whole task beats waiting for
// entries that never come. No paths keeps every entry.
func OwnTasks(paths []string, tasks []Task) []Task {
	if len(paths) == 0 {
		return tasks
	}
	mine := targetsOf(File, paths) // Alibaba merges URL refreshes only
	matched := map[string]bool{}
	for _, t := range tasks {
		if mine.has(t.ObjectPath) {
			matched[t.ID] = true
		}
	}
	var own []Task
	for _, t := range tasks {
		if !matched[t.ID] || mine.has(t.ObjectPath) {
			own = append(own, t)
		}
	}
	return own
}

// Final reports whether a status is one a task never leaves: Complete or
// Failed. Submitted, Pending and Refreshing are not, nor is any other.
func Final(status string) bool {
	return status == StatusComplete || status == StatusFailed
}

// Failures describes each failed path with Alibaba's reason.
func (p Progress) Failures() string {
	var lines []string
	for _, t := range p.Tasks {
		if t.Status == StatusFailed {
			lines = append(lines, fmt.Sprintf("%s (task %s): %s", t.ObjectPath, t.ID, t.Description))
		}
	}
	return strings.Join(lines, "\n")
}
