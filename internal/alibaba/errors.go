package alibaba

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// APIError is an answer of Alibaba Cloud's that was not a success.
type APIError struct {
	Operation  string
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: %s (HTTP %d): %s", e.Operation, e.Code, e.HTTPStatus, e.Message)
	if e.RequestID != "" {
		s += " (RequestId " + e.RequestID + ")"
	}
	return s
}

// TransportError is a call that got no answer from Alibaba Cloud: a refused
// or dropped connection, or a timeout.
type TransportError struct {
	Operation string
	Detail    string // the cause, with no URL query (it carries the signature and token)
	// Unsent: the connection failed before the request could be written,
	// so Alibaba cannot have received it.
	Unsent bool
	// Ended is context.DeadlineExceeded or context.Canceled when the end
	// of the caller's context (a timeout, an interrupt) cut the call
	// short; errors.Is sees it.
	Ended error
}

func (e *TransportError) Error() string { return e.Operation + ": " + e.Detail }
func (e *TransportError) Unwrap() error { return e.Ended }

// CredentialError is a failure to get or renew the credentials a call is
// signed with (instance metadata, credentials_uri, STS AssumeRole): the
// call was not sent.
type CredentialError struct {
	Source string // where the credentials come from; never a secret
	Err    error  // with no secret in its text
	// Refused: the source answered and refused (STS's 4xx, a role the
	// instance does not have), which repeating cannot change.
	Refused bool
}

func (e *CredentialError) Error() string {
	return "getting Alibaba Cloud credentials from " + e.Source + ": " + e.Err.Error()
}

func (e *CredentialError) Unwrap() error { return e.Err }

// UnsentError is a call the SDK could not build or send, a malformed
// endpoint for one: nothing reached Alibaba Cloud, and repeating it would
// fail the same way.
type UnsentError struct {
	Operation string
	Detail    string
}

func (e *UnsentError) Error() string {
	return e.Operation + ": the request could not be sent, and nothing was sent: " + e.Detail
}

// UnconfirmedError is a refresh or prefetch whose answer never came, and
// that the task list could not confirm either way: the purge may still be
// carried out. Its task, if any, is in the service's task list from SentAt
// on.
type UnconfirmedError struct {
	Err     error // the call's failure, a *TransportError
	LookErr error // why the task list could not tell
	Service refresh.Service
	SentAt  time.Time
}

func (e *UnconfirmedError) Error() string {
	lookUp := refresh.Describe(e.Service).TaskList.Action
	return e.Summary() + fmt.Sprintf(". Check the %s task list (%s) for its paths from %s on before sending it again",
		e.Service, lookUp, e.SentAt.UTC().Truncate(time.Second).Format(refresh.TaskTimeLayout))
}

func (e *UnconfirmedError) Unwrap() []error { return []error{e.Err, e.LookErr} }

// Summary is what happened, without the advice, for callers that give
// their own.
func (e *UnconfirmedError) Summary() string {
	s := e.Err.Error() + ". It may have been carried out, and the purge may still land: "
	if end := contextEnd(e.LookErr); end != nil {
		return s + "the " + endedBy(end) + " before the task list could be checked"
	}
	return s + "looking that up in the task list failed too (" + e.LookErr.Error() + ")"
}

// endedBy says what a context's end means to the user.
func endedBy(end error) string {
	if errors.Is(end, context.Canceled) {
		return "run was interrupted"
	}
	return "timeout ran out"
}

// contextEnd is context.DeadlineExceeded or context.Canceled when err is
// the end of a context, else nil.
func contextEnd(err error) error {
	for _, end := range []error{context.DeadlineExceeded, context.Canceled} {
		if errors.Is(err, end) {
			return end
		}
	}
	return nil
}

// queryOfURL matches the query of a URL in an error's text.
var queryOfURL = regexp.MustCompile(`(https?://[^\s"?]*)\?[^\s"]*`)

// withoutQuery is err's text without the query of the URL it quotes, which
// holds the signature and the security token. net/http and net/url quote
// the URL in a *url.Error, whose URL may not parse (a host with a space,
// which the pattern would not see through); other texts go through
// queryOfURL.
func withoutQuery(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && err.Error() == ue.Error() {
		u, _, _ := strings.Cut(ue.URL, "?")
		return fmt.Sprintf("%s %q: %s", ue.Op, u, queryOfURL.ReplaceAllString(ue.Err.Error(), "$1"))
	}
	return queryOfURL.ReplaceAllString(err.Error(), "$1")
}

// apiError sorts what the SDK returned by whether the request reached
// Alibaba Cloud: Alibaba's answer (*APIError); a failure on the wire, before
// or after the request may have been written (*TransportError); a failure
// to get credentials (*CredentialError); or a call that never reached the
// wire (*UnsentError). None repeats a secret: a transport error quotes the
// signed URL, whose query holds the signature and the security token, and
// a signature error quotes the server's string to sign, which holds every
// parameter.
func apiError(operation string, err error) error {
	var se *sdkerrors.ServerError
	var we *wireError
	var ce *CredentialError
	var sdkErr *sdkerrors.ClientError
	detail := func() string { return withoutQuery(err) }
	switch {
	case errors.As(err, &se):
		message, _, _ := strings.Cut(se.Message(), "server string to sign is:")
		return &APIError{operation, se.HttpStatus(), se.ErrorCode(), strings.TrimSpace(message), se.RequestId()}
	case errors.As(err, &we):
		// "No answer" would let the user think the call was sent.
		noAnswer := "no answer"
		if !we.mayBeSent {
			noAnswer = "nothing was sent: no connection"
		}
		if end := contextEnd(we.ended); end != nil {
			return &TransportError{operation, noAnswer + " before the " + endedBy(end) + " (" + detail() + ")", !we.mayBeSent, end}
		}
		if we.readTimeout > 0 {
			return &TransportError{operation, fmt.Sprintf("%s within the read timeout, client_read_timeout (%s) (%s)", noAnswer, we.readTimeout, detail()), !we.mayBeSent, nil}
		}
		return &TransportError{operation, detail(), !we.mayBeSent, nil}
	case errors.As(err, &ce):
		return ce
	case errors.As(err, &sdkErr) && sdkErr.ErrorCode() == sdkerrors.JsonUnmarshalErrorCode:
		// An answer came, and could not be read: what Alibaba did is unknown.
		return &TransportError{operation, detail(), false, nil}
	}
	// Every failure after the request was handed to the wire passes through
	// it (wire.go), and the SDK's own timeout never runs out first
	// (sdkReadTimeout): anything else was never sent.
	return &UnsentError{operation, detail()}
}

// class is how a failed call is handled.
type class int

const (
	permanent  class = iota // never repeated: repeating cannot help
	transient               // repeated after a backoff
	nextMinute              // repeated once the domain's minute has passed
	ambiguous               // may have been carried out: find out before repeating
)

// classify sorts a failed call: Alibaba's codes of throttling, a full queue
// and its own failures are transient; so are a connection that failed
// before the request could be written and credentials that could not be
// renewed (unless their source refused them), since nothing reached Alibaba. Any other connection failure is
// ambiguous. Everything else, quota spent, input refused, credentials
// refused, permissions, a call that cannot be built, is permanent.
func classify(err error) class {
	var apiErr *APIError
	var te *TransportError
	var ce *CredentialError
	switch {
	case errors.As(err, &ce) && ce.Refused:
		return permanent
	case errors.As(err, &ce):
		return transient
	case errors.As(err, &te) && te.Unsent:
		return transient
	case errors.As(err, &te):
		return ambiguous
	case !errors.As(err, &apiErr), permanentCode(apiErr.Code):
		return permanent
	case apiErr.Code == "QuotaPerMinuteExceeded.Refresh":
		return nextMinute
	case apiErr.HTTPStatus >= 500, apiErr.HTTPStatus == 429,
		apiErr.Code == "Throttling", strings.HasPrefix(apiErr.Code, "Throttling."),
		apiErr.Code == "ServiceUnavailable", apiErr.Code == "TooManyRequests", apiErr.Code == "TooMany.Refresh",
		apiErr.Code == "PreloadQueueFull", apiErr.Code == "ServiceBusy":
		return transient
	}
	return permanent
}

// permanentCode reports the codes that repeating cannot help, whatever
// their HTTP status: VOD answers InvalidDomain.Configure_failed with a 500.
func permanentCode(code string) bool {
	switch code {
	case "QuotaExceeded.Refresh", "SingleRequest.OverLimit", "IllegalOperation", "SignatureDoesNotMatch", "MissingParameter":
		return true
	}
	for _, prefix := range []string{"InvalidObjectPath", "InvalidObjectType", "InvalidExtensiveDomain", "InvalidDomain", "OperationDenied", "InvalidAccessKeyId"} {
		if strings.HasPrefix(code, prefix) {
			return true
		}
	}
	return false
}
