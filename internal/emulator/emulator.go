// Package emulator is a local stand-in for Alibaba Cloud's cache refresh
// APIs (CDN 2018-05-10, DCDN 2018-01-15, VOD 2017-03-21). It speaks the RPC
// protocol as Alibaba's SDKs send it, verifies signature v1 (signature.go)
// and V3, ACS3-HMAC-SHA256 (signature_v3.go), and enforces the
// documented limits, quotas, error codes and JSON shapes, so that the
// provider's tests and demo run against it instead of Alibaba.
//
// Time: Options.Clock drives quotas, rate windows, task merging, progress and
// history. Days roll over at UTC midnight (Alibaba counts days in Beijing
// time, UTC+8; UTC keeps tests independent of that offset). Signature
// timestamps and nonces are checked against real time (see authenticate).
//
// The admin API under /_emulator/ (see admin.go) needs no signature and is
// meant for local tests only.
package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Credential is one key pair the emulator accepts.
type Credential struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string    // non-empty: an STS credential; requests must carry this token
	Expiration      time.Time // zero: never expires; else refused after this (real) time
}

// Options configure an Emulator.
//
// Clock drives every window, the per-second call limits included: on a
// ManualClock that never moves, all calls fall in one second, so a test
// making many calls advances it between bursts.
type Options struct {
	Credentials  []Credential
	Clock        Clock         // nil: the real clock
	TaskDuration time.Duration // 0: DefaultTaskDuration; how long a task stays Refreshing
	Domains      []string      // nil: every domain is yours
	Logger       io.Writer     // nil: no per-request log lines
	Quotas       []Quota       // raised daily quotas; New panics on an unknown counter

	Roles []Role // RAM roles STS AssumeRole hands out credentials for (sts.go)
	// InstanceRole is the RAM role of the emulated ECS instance, served by
	// the instance metadata stand-in (imds.go); "" for none.
	InstanceRole string
	// MetadataTokenRequired refuses metadata reads without an IMDSv2 token.
	MetadataTokenRequired bool
	// CredentialLife, when set, is how long the temporary credentials of
	// AssumeRole and the instance metadata stay valid, whatever was asked.
	// Below the SDK's renewal margin (180 s) the SDK renews them before
	// every call, so that a test can make a renewal fail at a given call.
	CredentialLife time.Duration

	// ReportScheme makes the task look-ups report a path sent without a
	// scheme with "http://" added. Off by default: no Alibaba document says
	// how a task list spells such a path, but its examples write paths
	// with a scheme, so a client must match either form (tasks.go).
	ReportScheme bool
	// MergeWindow widens task ID merging: URL tasks of one domain share an
	// ID while they arrive within MergeWindow of the ID's first task. 0:
	// those submitted in the same second, as Alibaba documents (seeds 002,
	// 003). A wider window lets a test merge the refreshes of parallel
	// resources wherever the second boundaries fall.
	MergeWindow time.Duration
	// FailPaths makes every task created for one of these paths (as sent)
	// end Failed with "Origin Return StatusCode 5XX": one path of a merged
	// task failing while the others complete.
	FailPaths []string
	// SlidingSecond counts the calls-per-second limits over the second
	// before each call instead of per calendar second (quota.go): the
	// other reading of Alibaba's "calls per second".
	SlidingSecond bool
	// PendingDuration makes a new CDN or DCDN task report Pending for
	// this long before it is Refreshing for the task duration. 0: tasks
	// start Refreshing. The by-ID look-ups of CDN and DCDN document
	// Pending beside Refreshing, Complete and Failed (ref §9) without
	// saying when a task reports it; VOD documents no Pending, so its
	// tasks never report it.
	PendingDuration time.Duration
}

// Emulator serves the emulated APIs and the admin API. It implements
// http.Handler and is safe for concurrent use.
type Emulator struct {
	clock        Clock
	taskDuration time.Duration
	creds        map[string]Credential
	domains      map[string]bool // nil: every domain is yours
	logger       io.Writer

	mu sync.Mutex // guards everything below

	nonces     map[string]time.Time
	nonceOrder []nonceEntry

	usage usage // quotas and rate windows, see quota.go

	tasks     []*task // in creation order
	lastID    int64
	merge     map[string]*mergeBucket // this second's (or MergeWindow's) URL task IDs
	failQueue []failBatch
	failPaths map[string]string // path as sent → Description

	reportScheme    bool
	mergeWindow     time.Duration
	pendingDuration time.Duration

	faults []*Fault

	seq int
	log []Request

	roles                 map[string]Role // by ARN
	issued                []Credential    // by AssumeRole and the metadata stand-in
	instanceRole          string
	metadataTokenRequired bool
	metadataTokens        map[string]time.Time // token → expiry
	instanceCred          *Credential
	metadataLog           []string
	credentialLife        time.Duration
}

// New returns an Emulator configured by opts.
func New(opts Options) *Emulator {
	e := &Emulator{
		clock:        opts.Clock,
		taskDuration: opts.TaskDuration,
		creds:        make(map[string]Credential),
		logger:       opts.Logger,
		nonces:       make(map[string]time.Time),
		merge:        make(map[string]*mergeBucket),
		lastID:       firstTaskID - 1,

		roles:                 make(map[string]Role),
		instanceRole:          opts.InstanceRole,
		metadataTokenRequired: opts.MetadataTokenRequired,
		metadataTokens:        make(map[string]time.Time),
		failPaths:             make(map[string]string),
		reportScheme:          opts.ReportScheme,
		mergeWindow:           opts.MergeWindow,
		pendingDuration:       max(opts.PendingDuration, 0),
		credentialLife:        opts.CredentialLife,
	}
	for _, p := range opts.FailPaths {
		e.failPaths[p] = defaultPathFailure
	}
	for _, r := range opts.Roles {
		e.roles[r.ARN] = r
	}
	if e.clock == nil {
		e.clock = realClock{}
	}
	if e.taskDuration <= 0 {
		e.taskDuration = DefaultTaskDuration
	}
	for _, c := range opts.Credentials {
		e.creds[c.AccessKeyID] = c
	}
	if opts.Domains != nil {
		e.domains = make(map[string]bool)
		for _, d := range opts.Domains {
			e.domains[normalizeDomain(d)] = true
		}
	}
	if err := e.usage.init(opts.Quotas); err != nil {
		panic(err)
	}
	e.usage.sliding = opts.SlidingSecond
	return e
}

// ServeHTTP answers the admin API under /_emulator/, the instance metadata
// under /latest/, and the emulated APIs everywhere else.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.serveAdmin(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, metadataPrefix) {
		e.serveMetadata(w, r)
		return
	}
	e.serveAPI(w, r)
}

// call is one API request on its way through the handlers.
type call struct {
	op        operation
	params    map[string]string
	now       time.Time // Options.Clock
	requestID string
}

func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	req, apiErr := readRequest(r)
	rec := e.arrive(r.Method, r.Host, req.params)
	rec.UserAgent = r.UserAgent()
	rec.Action, rec.Signature = req.action(), req.algorithm()
	var op operation
	if apiErr == nil {
		op, apiErr = resolve(req)
	}
	if op.product != nil {
		rec.Product = op.product.name
	}

	var drop *Fault
	if apiErr == nil {
		if f := e.takeFault(op.action); f != nil {
			apiErr, drop = applyFault(r, op, f)
		}
	}

	requestID := newRequestID()
	var body any
	if apiErr == nil && (drop == nil || drop.AfterProcessing) {
		body, apiErr = e.process(call{op: op, params: req.params, requestID: requestID}, req)
		rec.HTTPStatus = http.StatusOK
	}
	if apiErr != nil {
		rec.HTTPStatus, rec.Code = apiErr.status, apiErr.code
	}
	rec.Dropped = drop != nil
	e.record(rec)
	if rec.Dropped {
		dropConnection(w)
		return
	}

	w.Header().Set("x-acs-request-id", requestID)
	if apiErr != nil {
		body = newErrorBody(requestID, r.Host, op.product, apiErr)
	}
	writeJSON(w, rec.HTTPStatus, body)
}

// process authenticates a call, applies the per-second limit and runs the
// operation, all under the lock so that every decision sees one state.
func (e *Emulator) process(c call, req *apiRequest) (any, *apiError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.authenticate(req); err != nil {
		return nil, err
	}
	c.now = e.clock.Now().UTC()
	e.roll(c.now)
	if !e.usage.allowCall(c.op, c.now) {
		return nil, c.op.product.throttled()
	}
	switch c.op.kind {
	case opRefresh, opRefreshER:
		return e.refresh(c)
	case opPreload:
		return e.preload(c)
	case opDescribeTasks:
		return e.describeTasks(c)
	case opDescribeTaskByID:
		return e.describeTaskByID(c)
	case opAssumeRole:
		return e.assumeRole(c)
	default:
		return e.describeQuota(c)
	}
}

// roll starts new windows and forgets old tasks as the clock moves.
func (e *Emulator) roll(now time.Time) {
	if e.usage.roll(now) && e.mergeWindow <= 0 {
		clear(e.merge) // a new second: URL tasks no longer merge with earlier ones
	}
	e.pruneTasks(now)
}

// maxBody bounds what the emulator reads of a request body, as
// http.Request.ParseForm does.
const maxBody = 10 << 20

// apiRequest is an API request as read off the wire: what resolve and
// authenticate need.
type apiRequest struct {
	method string
	path   string
	host   string // the Host header
	header http.Header
	query  url.Values
	body   []byte
	params map[string]string // the query and a form body, the body winning
	v3     bool              // signed with ACS3-HMAC-SHA256 (signature_v3.go), else v1
}

// readRequest reads the query string, the body and a form in it, keeping
// the first value of each key, the form's over the query's (as the v1 SDK
// signs them).
//
// A request is V3 when its Authorization names an ACS3 algorithm, or when
// it names its operation in x-acs-action and not in Action: a V3 request
// that lost its Authorization is then refused for that, not as one
// missing its Action.
func readRequest(r *http.Request) (*apiRequest, *apiError) {
	req := &apiRequest{method: r.Method, path: r.URL.Path, host: r.Host, header: r.Header, query: r.URL.Query(), params: make(map[string]string)}
	for k, vs := range req.query {
		req.params[k] = vs[0]
	}
	if r.Method == http.MethodPost {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil || len(body) > maxBody {
			return req, newError(http.StatusBadRequest, "InvalidParameter", "The request body could not be read, or is over 10 MB.")
		}
		req.body = body
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := r.ParseForm(); err != nil {
			return req, newError(http.StatusBadRequest, "InvalidParameter", "The request body is not a valid form.")
		}
		for k, vs := range r.PostForm {
			req.params[k] = vs[0]
		}
	}
	req.v3 = strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-") ||
		req.params["Action"] == "" && r.Header.Get(headerAction) != ""
	return req, nil
}

// action and version name the operation: in the x-acs-action and
// x-acs-version headers under V3, in the Action and Version parameters
// under v1. A V3 request's Action parameter, if any, is not read.
func (req *apiRequest) action() string {
	if req.v3 {
		return req.header.Get(headerAction)
	}
	return req.params["Action"]
}

func (req *apiRequest) version() string {
	if req.v3 {
		return req.header.Get(headerVersion)
	}
	return req.params["Version"]
}

// algorithm is the signature the request claims, as logged.
func (req *apiRequest) algorithm() string {
	if req.v3 {
		return algorithmV3
	}
	return "HMAC-SHA1"
}

// resolve finds the operation a request asks for, or the gateway's error.
func resolve(req *apiRequest) (operation, *apiError) {
	if (req.method != http.MethodGet && req.method != http.MethodPost) || req.path != "/" {
		return operation{}, errActionNotFound()
	}
	if req.action() == "" {
		return operation{}, errMissing("Action")
	}
	if req.version() == "" {
		return operation{}, errMissing("Version")
	}
	return lookupOperation(req.version(), req.action())
}

// errorBody is Alibaba's error answer (ref §1).
type errorBody struct {
	RequestId string `json:"RequestId"`
	HostId    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}

// newErrorBody fills HostId with the product's endpoint, or the Host asked
// for when the product is unknown.
func newErrorBody(requestID, host string, p *product, err *apiError) errorBody {
	recommend := "https://api.aliyun.com/troubleshoot?q=" + err.code
	if p != nil {
		host = p.hostID
		recommend += "&product=" + p.name
	}
	return errorBody{RequestId: requestID, HostId: host, Code: err.code, Message: err.message, Recommend: recommend}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep "&" readable in string-to-sign messages
	_ = enc.Encode(body)     // the client may be gone; nothing to do then
}

// newRequestID returns an ID shaped like Alibaba's RequestId.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}
