package emulator

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A stand-in for the ECS instance metadata service (IMDS), which the SDK's
// ECS RAM role provider reads at http://100.100.100.200 (a fixed address in
// the SDK): PUT /latest/api/token for an IMDSv2 token, then
// GET /latest/meta-data/ram/security-credentials/[role]. It answers on any
// Host, so a test can route the SDK's requests to it through a proxy.
// Source: the ECS metadata documentation ("Obtain instance metadata",
// "Instance RAM roles"); marked where assumed.

const (
	metadataPrefix  = "/latest/"
	tokenPath       = "/latest/api/token"
	credentialsPath = "/latest/meta-data/ram/security-credentials/"
	tokenTTLHeader  = "X-aliyun-ecs-metadata-token-ttl-seconds"
	tokenHeader     = "X-aliyun-ecs-metadata-token"
	maxTokenTTL     = 21600 // seconds; ECS docs: 1 to 21,600

	// instanceCredentialLife is how long role credentials stay valid, and
	// instanceCredentialRenew how long before that IMDS hands out new ones
	// (ECS docs: renewed before expiry, about an hour; both assumed).
	instanceCredentialLife  = 6 * time.Hour
	instanceCredentialRenew = time.Hour
)

type metadataCredentials struct {
	AccessKeyId     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
	LastUpdated     string `json:"LastUpdated"`
	Code            string `json:"Code"` // the SDK dereferences it: it must be present
}

// serveMetadata answers the instance metadata paths. It takes e.mu.
func (e *Emulator) serveMetadata(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, credentialsPath); ok && name != "" && r.Method == http.MethodGet {
		if f := e.takeFault(MetadataCredentials); f != nil && !e.metadataFault(w, r, f) {
			return
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.metadataLog = append(e.metadataLog, r.Method+" "+r.URL.Path)
	now := time.Now()

	if r.URL.Path == tokenPath {
		if r.Method != http.MethodPut {
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return
		}
		ttl, err := strconv.Atoi(r.Header.Get(tokenTTLHeader))
		if err != nil || ttl < 1 || ttl > maxTokenTTL {
			http.Error(w, "Bad Request", http.StatusBadRequest)
			return
		}
		token := randomString(44)
		e.metadataTokens[token] = now.Add(time.Duration(ttl) * time.Second)
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(token))
		return
	}

	name, ok := strings.CutPrefix(r.URL.Path, credentialsPath)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if token := r.Header.Get(tokenHeader); token != "" {
		if exp, known := e.metadataTokens[token]; !known || now.After(exp) {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
	} else if e.metadataTokenRequired {
		http.Error(w, "Forbidden", http.StatusForbidden) // IMDSv2 enforced: a token is required
		return
	}
	switch {
	case e.instanceRole == "", name != "" && name != e.instanceRole:
		http.NotFound(w, r)
	case name == "":
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(e.instanceRole))
	default:
		c := e.instanceCredential(now)
		writeJSON(w, http.StatusOK, metadataCredentials{
			AccessKeyId:     c.AccessKeyID,
			AccessKeySecret: c.AccessKeySecret,
			SecurityToken:   c.SecurityToken,
			Expiration:      c.Expiration.Format("2006-01-02T15:04:05Z"),
			LastUpdated:     c.Expiration.Add(-instanceCredentialLife).Format("2006-01-02T15:04:05Z"),
			Code:            "Success",
		})
	}
}

// metadataFault answers a credential read as fault f says, and reports
// whether the read goes on to its normal answer (a slow one does). The
// metadata service's own errors are plain HTTP statuses; that it answers
// 429 when throttled and 500 when failing is assumed.
func (e *Emulator) metadataFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case FaultSlow:
		wait(r.Context(), f.Delay)
		return true
	case FaultDrop:
		wait(r.Context(), f.Delay)
	}
	e.mu.Lock()
	e.metadataLog = append(e.metadataLog, r.Method+" "+r.URL.Path+" ("+string(f.Kind)+")")
	e.mu.Unlock()
	switch f.Kind {
	case FaultDrop:
		dropConnection(w)
	case FaultThrottle:
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	default:
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}
	return false
}

// instanceCredential is the role's current credential, renewed when it
// nears expiry. The caller holds e.mu.
func (e *Emulator) instanceCredential(now time.Time) Credential {
	if e.instanceCred == nil || e.instanceCred.Expiration.Sub(now) < instanceCredentialRenew {
		c := e.issue(instanceCredentialLife)
		e.instanceCred = &c
	}
	return *e.instanceCred
}

// MetadataRequests returns "METHOD /path" for each instance metadata
// request, in arrival order.
func (e *Emulator) MetadataRequests() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.metadataLog)
}

// MetadataAddress is where the SDK reads instance metadata; it has no
// setting to change it.
const MetadataAddress = "100.100.100.200"

// MetadataProxy returns an http.Transport Proxy function for tests: requests
// for MetadataAddress go to the emulator at target() ("127.0.0.1:PORT"),
// all others to next (nil: no proxy). When target returns "", metadata
// requests fail at once, so a test never waits on the real address.
//
// The SDK's metadata client copies http.DefaultTransport, so setting this
// as its Proxy, once and before any request (as in TestMain), reaches it.
func MetadataProxy(target func() string, next func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == MetadataAddress {
			addr := target()
			if addr == "" {
				return nil, errors.New("emulator: an instance metadata request, and no emulator stands in for the metadata service")
			}
			return &url.URL{Scheme: "http", Host: addr}, nil
		}
		if next == nil {
			return nil, nil
		}
		return next(r)
	}
}
