package emulator

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// STS AssumeRole (2015-04-01), as the SDK's RAM role provider calls it: POST
// over HTTPS, common parameters in the query, RoleArn, RoleSessionName,
// DurationSeconds, Policy and ExternalId in the form body, all signed.
// Sources: the AssumeRole API reference and the STS troubleshooting page
// (help doc 42775) for codes and messages; marked where assumed.

// Role is a RAM role that AssumeRole hands out credentials for. Any key the
// emulator accepts may assume it (the role's trust policy is not emulated).
type Role struct {
	ARN                string        // acs:ram::<account>:role/<name>
	ExternalID         string        // non-empty: AssumeRole must pass this ExternalId
	MaxSessionDuration time.Duration // 0: one hour, RAM's default; RAM allows up to 12 hours
}

const (
	minSessionDuration     = 900 * time.Second // AssumeRole reference: DurationSeconds 900 at least
	defaultSessionDuration = time.Hour         // AssumeRole reference: DurationSeconds default 3600
	defaultMaxSession      = time.Hour         // RAM: a role's MaxSessionDuration defaults to 3600 s
)

var stsProduct = &product{
	name:    "sts",
	version: "2015-04-01",
	hostID:  "sts.aliyuncs.com",
	text: productText{
		// AssumeRole reference: "Request was denied due to user flow
		// control."; the code is assumed.
		throttle: apiError{http.StatusBadRequest, "Throttling.User", "Request was denied due to user flow control."},
	},
}

// sessionName is RoleSessionName's rule: letters, digits and . @ - _, 2 to
// 64 characters (AssumeRole reference; help doc 42775 once said 32).
var sessionName = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)

type assumeRoleBody struct {
	RequestId       string          `json:"RequestId"`
	AssumedRoleUser assumedRoleUser `json:"AssumedRoleUser"`
	Credentials     stsCredentials  `json:"Credentials"`
}

type assumedRoleUser struct {
	Arn           string `json:"Arn"`
	AssumedRoleId string `json:"AssumedRoleId"`
}

type stsCredentials struct {
	AccessKeyId     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"` // UTC, 2006-01-02T15:04:05Z: the SDK parses exactly this
}

// assumeRole serves AssumeRole. The caller holds e.mu.
func (e *Emulator) assumeRole(c call) (any, *apiError) {
	p := c.params
	for _, k := range []string{"RoleArn", "RoleSessionName"} {
		if p[k] == "" {
			return nil, errMissing(k)
		}
	}
	if !sessionName.MatchString(p["RoleSessionName"]) {
		return nil, newError(http.StatusBadRequest, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
	}
	role, ok := e.roles[p["RoleArn"]]
	if !ok {
		// Code as in the RAM and STS error centre; the wording is assumed.
		return nil, newError(http.StatusNotFound, "EntityNotExist.Role", "The specified Role not exists: "+p["RoleArn"])
	}
	duration := defaultSessionDuration
	if s := p["DurationSeconds"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, errInvalidParameter("DurationSeconds")
		}
		duration = time.Duration(n) * time.Second
	}
	maxDuration := role.MaxSessionDuration
	if maxDuration == 0 {
		maxDuration = defaultMaxSession
	}
	if duration < minSessionDuration || duration > maxDuration {
		// RAM sets a role's maximum in whole hours (1 to 12).
		return nil, newError(http.StatusBadRequest, "InvalidParameter.DurationSeconds",
			fmt.Sprintf("The Min/Max value of DurationSeconds is 15min/%dhr.", int(maxDuration/time.Hour)))
	}
	if role.ExternalID != "" && p["ExternalId"] != role.ExternalID {
		return nil, errNoPermission()
	}
	if pol := p["Policy"]; pol != "" && !json.Valid([]byte(pol)) {
		return nil, newError(http.StatusBadRequest, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.")
	}
	cred := e.issue(duration)
	return assumeRoleBody{
		RequestId:       c.requestID,
		AssumedRoleUser: assumedRoleUser{Arn: role.ARN + "/" + p["RoleSessionName"], AssumedRoleId: "300000000000000000:" + p["RoleSessionName"]},
		Credentials:     stsCredentialsOf(cred),
	}, nil
}

func errNoPermission() *apiError { // help doc 42775; the AssumeRole reference
	return newError(http.StatusForbidden, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")
}

func errTokenExpired() *apiError { // assumed: the gateway's InvalidSecurityToken family
	return newError(http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
}

// issue creates a temporary credential valid for d of real time (as the
// signature checks, so that the SDK's refresh-before-expiry logic sees what
// it would see), or for Options.CredentialLife when set, and accepts it
// from now on. The caller holds e.mu.
func (e *Emulator) issue(d time.Duration) Credential {
	if e.credentialLife > 0 {
		d = e.credentialLife
	}
	c := Credential{
		AccessKeyID:     "STS." + randomString(24),
		AccessKeySecret: randomString(40),
		SecurityToken:   "CAIS" + randomString(120),
		Expiration:      time.Now().UTC().Add(d).Truncate(time.Second),
	}
	e.creds[c.AccessKeyID] = c
	e.issued = append(e.issued, c)
	return c
}

func stsCredentialsOf(c Credential) stsCredentials {
	return stsCredentials{
		AccessKeyId:     c.AccessKeyID,
		AccessKeySecret: c.AccessKeySecret,
		SecurityToken:   c.SecurityToken,
		Expiration:      c.Expiration.Format("2006-01-02T15:04:05Z"),
	}
}

// Issued returns the temporary credentials that AssumeRole and the instance
// metadata handed out, oldest first: tests look for their secrets in logs.
func (e *Emulator) Issued() []Credential {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.issued)
}

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	var s strings.Builder
	for _, c := range b {
		s.WriteByte(alphanumeric[int(c)%len(alphanumeric)])
	}
	return s.String()
}

// RevokeRole removes a role, as deleting it in RAM does: AssumeRole refuses
// it from then on with EntityNotExist.Role, and credentials already issued
// stay valid until they expire.
func (e *Emulator) RevokeRole(arn string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.roles, arn)
}
