package emulator

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Request is one API request as the emulator logged it.
type Request struct {
	Seq        int               `json:"seq"`
	Time       time.Time         `json:"time"` // Options.Clock at arrival
	Method     string            `json:"method"`
	Host       string            `json:"host"`       // the Host asked for: the endpoint the client resolved
	UserAgent  string            `json:"user_agent"` // as the client sent it
	Product    string            `json:"product"`    // "cdn", "dcdn", "vod", "sts" (from Version); "" when unknown
	Action     string            `json:"action"`     // the Action parameter, or the x-acs-action header under V3
	Signature  string            `json:"signature"`  // the signature claimed: "HMAC-SHA1" (v1) or "ACS3-HMAC-SHA256" (V3)
	Params     map[string]string `json:"params"`     // every query and form param, Signature and SecurityToken redacted
	HTTPStatus int               `json:"http_status"`
	Code       string            `json:"code"` // "" on success, else the error code returned
	// Dropped says the connection was closed without an answer (FaultDrop).
	// HTTPStatus is then 0, or 200 if the call took effect first.
	Dropped bool `json:"dropped"`
}

// Accepted reports whether the request took effect (HTTP 2xx).
func (r Request) Accepted() bool { return r.HTTPStatus >= 200 && r.HTTPStatus < 300 }

// redacted are the parameters whose values the log hides.
var redacted = []string{"Signature", "SecurityToken"}

// Requests returns a copy of the log in arrival order. A request appears
// once it has been answered.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Request, len(e.log))
	for i, r := range e.log {
		r.Params = maps.Clone(r.Params)
		out[i] = r
	}
	return out
}

// Accepted returns the accepted requests of action, in arrival order.
func (e *Emulator) Accepted(action string) []Request {
	var out []Request
	for _, r := range e.Requests() {
		if r.Action == action && r.Accepted() {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests empties the log.
func (e *Emulator) ResetRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = nil
}

// arrive numbers a new request and starts its log entry.
func (e *Emulator) arrive(method, host string, params map[string]string) Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	p := maps.Clone(params)
	for _, k := range redacted {
		if _, ok := p[k]; ok {
			p[k] = "REDACTED"
		}
	}
	return Request{Seq: e.seq, Time: e.clock.Now().UTC(), Method: method, Host: host, Params: p}
}

// record adds an answered request to the log, in Seq order, and writes its
// line to Options.Logger: time, action, status, verdict, path count.
func (e *Emulator) record(r Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	i, _ := slices.BinarySearchFunc(e.log, r.Seq, func(x Request, seq int) int { return x.Seq - seq })
	e.log = slices.Insert(e.log, i, r)
	if e.logger == nil {
		return
	}
	action, verdict := r.Action, r.Code
	if action == "" {
		action = "-"
	}
	if verdict == "" {
		verdict = "OK"
	}
	if r.Dropped {
		verdict += " (connection dropped)"
	}
	paths := 0
	if op := r.Params["ObjectPath"]; op != "" {
		paths = len(splitPaths(op))
	}
	fmt.Fprintf(e.logger, "%s %s %d %s paths=%d\n", r.Time.Format(time.RFC3339), action, r.HTTPStatus, verdict, paths)
}
