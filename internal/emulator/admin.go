package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// adminPrefix is where the admin API lives, apart from the emulated APIs.
// It needs no signature: it is for local tests only. Bodies are JSON with
// snake_case keys (matched case-insensitively, as encoding/json does);
// unknown keys are refused.
//
//	GET    /_emulator/requests       the request log: [Request...]
//	DELETE /_emulator/requests       empty the log
//	POST   /_emulator/faults         {"kind":"throttle","count":1,"actions":["RefreshObjectCaches"],"delay_ms":0,"after_processing":false,"after":""}
//	DELETE /_emulator/faults         drop pending faults
//	GET    /_emulator/tasks          the task history: [Task...]
//	POST   /_emulator/tasks/fail     {"count":1,"description":"Origin Timeout"}: the next tasks created
//	                                 {"paths":["example.com/b.js"],"description":"…"}: every task of these paths (as sent)
//	DELETE /_emulator/tasks/fail     forget both kinds of order
//	GET    /_emulator/switches       {"report_scheme":false,"merge_window_ms":0,"sliding_second":false,"fail_paths":{}}
//	                                 (and "pending_ms":N when not 0)
//	PUT    /_emulator/switches       {"report_scheme":true,"merge_window_ms":60000,"sliding_second":true,"pending_ms":5000}: each key optional
//	POST   /_emulator/clock/advance  {"seconds":60} → {"now":"..."}; 409 unless the clock is a ManualClock
//
// Mutations answer 204; errors answer {"error":"..."}.
const adminPrefix = "/_emulator/"

type adminFault struct {
	Kind            FaultKind `json:"kind"`
	Count           int       `json:"count"`
	Actions         []string  `json:"actions"`
	DelayMS         int64     `json:"delay_ms"`
	AfterProcessing bool      `json:"after_processing"`
	After           string    `json:"after"`
}

type adminFail struct {
	Count       int      `json:"count"`
	Description string   `json:"description"`
	Paths       []string `json:"paths"`
}

type adminSwitches struct {
	ReportScheme  *bool  `json:"report_scheme"`
	MergeWindowMS *int64 `json:"merge_window_ms"`
	SlidingSecond *bool  `json:"sliding_second"`
	PendingMS     *int64 `json:"pending_ms"`
}

type adminAdvance struct {
	Seconds float64 `json:"seconds"`
}

func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	route := r.Method + " " + strings.TrimPrefix(r.URL.Path, adminPrefix)
	switch route {
	case "GET requests":
		writeJSON(w, http.StatusOK, e.Requests())
	case "DELETE requests":
		e.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case "POST faults":
		var f adminFault
		if !decode(w, r, &f) {
			return
		}
		if !validKind(f.Kind) {
			adminError(w, http.StatusBadRequest, fmt.Sprintf("unknown fault kind %q", f.Kind))
			return
		}
		e.InjectFault(Fault{
			Kind: f.Kind, Count: f.Count, Actions: f.Actions,
			Delay: time.Duration(f.DelayMS) * time.Millisecond, AfterProcessing: f.AfterProcessing, After: f.After,
		})
		w.WriteHeader(http.StatusNoContent)
	case "DELETE faults":
		e.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	case "GET tasks":
		writeJSON(w, http.StatusOK, e.Tasks())
	case "POST tasks/fail":
		var f adminFail
		if !decode(w, r, &f) {
			return
		}
		switch {
		case len(f.Paths) > 0:
			for _, p := range f.Paths {
				e.FailPath(p, f.Description)
			}
		case f.Count < 1:
			adminError(w, http.StatusBadRequest, "count must be at least 1, or paths given")
			return
		default:
			e.FailNextTasks(f.Count, f.Description)
		}
		w.WriteHeader(http.StatusNoContent)
	case "DELETE tasks/fail":
		e.ClearFailPaths()
		w.WriteHeader(http.StatusNoContent)
	case "GET switches":
		writeJSON(w, http.StatusOK, e.Switches())
	case "PUT switches":
		var s adminSwitches
		if !decode(w, r, &s) {
			return
		}
		if s.MergeWindowMS != nil && *s.MergeWindowMS < 0 {
			adminError(w, http.StatusBadRequest, "merge_window_ms must not be negative")
			return
		}
		if s.PendingMS != nil && *s.PendingMS < 0 {
			adminError(w, http.StatusBadRequest, "pending_ms must not be negative")
			return
		}
		if s.ReportScheme != nil {
			e.SetReportScheme(*s.ReportScheme)
		}
		if s.MergeWindowMS != nil {
			e.SetMergeWindow(time.Duration(*s.MergeWindowMS) * time.Millisecond)
		}
		if s.SlidingSecond != nil {
			e.SetSlidingSecond(*s.SlidingSecond)
		}
		if s.PendingMS != nil {
			e.SetPendingDuration(time.Duration(*s.PendingMS) * time.Millisecond)
		}
		w.WriteHeader(http.StatusNoContent)
	case "POST clock/advance":
		mc, ok := e.clock.(*ManualClock)
		if !ok {
			adminError(w, http.StatusConflict, "the emulator runs on the real clock")
			return
		}
		var a adminAdvance
		if !decode(w, r, &a) {
			return
		}
		if a.Seconds < 0 {
			adminError(w, http.StatusBadRequest, "seconds must not be negative")
			return
		}
		mc.Advance(time.Duration(a.Seconds * float64(time.Second)))
		writeJSON(w, http.StatusOK, map[string]time.Time{"now": mc.Now()})
	default:
		adminError(w, http.StatusNotFound, "no such admin endpoint: "+route)
	}
}

// decode reads a JSON body into v, answering 400 itself when it cannot.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return false
	}
	return true
}

func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
