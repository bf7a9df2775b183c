package refresh

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"

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
	if advice := Advice(e.Code); advice != "" {
		s += ". " + advice
	}
	return s
}

// TransportError is a call that got no answer from Alibaba Cloud: a refused
// or dropped connection, or a timeout.
type TransportError struct {
	Operation string
	Detail    string // the cause, with no URL query (it carries the signature and token)
	// Unsent: the connection failed before the request was written (the
	// dial failed), so Alibaba cannot have received it.
	Unsent bool
}

func (e *TransportError) Error() string { return e.Operation + ": " + e.Detail }

// queryOfURL matches the query of a URL in an error's text.
var queryOfURL = regexp.MustCompile(`(https?://[^\s"?]*)\?[^\s"]*`)

// apiError turns what the SDK returned into an *APIError, or a
// *TransportError. Neither repeats a secret: a transport error quotes the
// signed URL, whose query holds the signature and the security token, and
// a signature error quotes the server's string to sign, which holds every
// parameter.
func apiError(operation string, err error) error {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		message, _, _ := strings.Cut(se.Message(), "server string to sign is:")
		return &APIError{operation, se.HttpStatus(), se.ErrorCode(), strings.TrimSpace(message), se.RequestId()}
	}
	var op *net.OpError
	unsent := errors.As(err, &op) && op.Op == "dial"
	return &TransportError{operation, queryOfURL.ReplaceAllString(err.Error(), "$1"), unsent}
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
// and its own failures are transient; a connection that failed before the
// request was written is too, since nothing reached Alibaba. Any other
// connection failure is ambiguous. Everything else, quota spent, input
// refused, credentials, permissions, is permanent.
func classify(err error) class {
	var apiErr *APIError
	var te *TransportError
	switch {
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

// Advice says what to do about an Alibaba error code.
func Advice(code string) string {
	switch {
	case code == "QuotaExceeded.Refresh":
		return "Today's refresh quota is spent; it renews at midnight (UTC+8). Ask Alibaba Cloud for a larger quota, or refresh a directory instead of many URLs"
	case code == "QuotaPerMinuteExceeded.Refresh":
		return "Too many URLs were refreshed on one domain this minute, until the timeout ran out; run the apply again, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "PreloadQueueFull":
		return "The prefetch queue stayed full until the timeout ran out; run the apply again later, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "TooMany.Refresh":
		return "The domain's refresh queue stayed full until the timeout ran out; run the apply again later, or raise the timeout (timeouts.create, or the action's timeout)"
	case code == "Throttling", code == "TooManyRequests", strings.HasPrefix(code, "Throttling."):
		return "Alibaba Cloud throttled the call until the timeout ran out; run the apply again, or lower -parallelism"
	case code == "SingleRequest.OverLimit":
		return "Split the paths across several resources"
	case strings.HasPrefix(code, "InvalidObjectPath"), strings.HasPrefix(code, "InvalidObjectType"), code == "MissingParameter":
		return "Correct object_paths or object_type"
	case strings.HasPrefix(code, "InvalidExtensiveDomain"):
		return "Wildcard domains cannot be refreshed; name each subdomain"
	case strings.HasPrefix(code, "InvalidDomain"), code == "IllegalOperation":
		return "Check that each path's domain is an accelerated domain of this account for the chosen service, and that it is online"
	case strings.HasPrefix(code, "OperationDenied"):
		return "The service is not activated or is suspended for this account; activate it or settle the account in the Alibaba Cloud console"
	case code == "SignatureDoesNotMatch", strings.HasPrefix(code, "InvalidAccessKeyId"), strings.HasPrefix(code, "InvalidSecurityToken"):
		return "Check the provider's access_key, secret_key and security_token (or the ALICLOUD_* / ALIBABA_CLOUD_* environment variables)"
	case code == "Forbidden.RAM", strings.HasPrefix(code, "NoPermission"), code == "Forbidden":
		return "Grant the RAM user or role permission for this operation"
	case code == "ServiceBusy":
		return "The domain's configuration was still being changed until the timeout ran out; run the apply again later"
	case code == "ServiceUnavailable", code == "InternalError":
		return "Alibaba Cloud could not serve the call until the timeout ran out; run the apply again later"
	}
	return ""
}
